package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;

class TextMapTableTest {

    @TempDir
    Path directory;

    private TextMapTable open(String... lines) {
        Path file = TableFiles.write(directory, "access", lines);
        return TextMapTable.open(file, "file:" + file, TableFiles.ANY_VALUE);
    }

    @Test
    void looksUpTheValueOfAKey() {
        TextMapTable table = open("example.com REJECT no thanks", "1.2.3.4 OK");

        assertThat(table.lookup("example.com")).contains("REJECT no thanks");
        assertThat(table.lookup("1.2.3.4")).contains("OK");
        assertThat(table.lookup("example.org")).isEmpty();
    }

    @Test
    void keysAreCaseInsensitiveAndValuesKeepTheirCase() {
        TextMapTable table = open("User@Example.COM 550 Go Away");

        assertThat(table.lookup("user@example.com")).contains("550 Go Away");
        assertThat(table.lookup("USER@EXAMPLE.COM")).contains("550 Go Away");
    }

    @Test
    void valueIsTheRestOfTheLineTrimmed() {
        TextMapTable table = open("key \t  REJECT   several   words  \t");

        assertThat(table.lookup("key")).contains("REJECT   several   words");
    }

    @Test
    void commentsBlankLinesAndContinuationLines() {
        TextMapTable table = open(
            "# comment",
            "",
            "a REJECT first part",
            "   # comment inside",
            "  second part",
            "b#c OK");

        assertThat(table.lookup("a")).contains("REJECT first part  second part");
        assertThat(table.lookup("b#c")).contains("OK");
        assertThat(table.lookup("#")).isEmpty();
    }

    @Test
    void keyOnItsOwnLineMayTakeItsValueFromAContinuationLine() {
        TextMapTable table = open("key", "   OK");

        assertThat(table.lookup("key")).contains("OK");
    }

    @Test
    void quotedKeysMayContainWhitespaceAndKeepTheirQuotes() {
        TextMapTable table = open("\"John Doe\"@example.com REJECT", "\"a\\\"b c\"@example.com OK");

        assertThat(table.lookup("\"john doe\"@example.com")).contains("REJECT");
        assertThat(table.lookup("\"a\\\"b c\"@example.com")).contains("OK");
    }

    @Test
    void unbalancedQuoteIsAnErrorNamingFileAndLine() {
        Path file = TableFiles.write(directory, "access", "a OK", "\"john doe@example.com REJECT");

        assertThatThrownBy(() -> TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(file + " line 2: unbalanced '\"' in the key");
    }

    @Test
    void keyWithoutValueIsAnErrorNamingFileAndLine() {
        Path file = TableFiles.write(directory, "access", "# comment", "a OK", "", "lonely   ");

        assertThatThrownBy(() -> TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(file + " line 4: expected format: key whitespace value, but the key \"lonely\" has no value");
    }

    @Test
    void continuationWithNothingBeforeItIsAnErrorNamingFileAndLine() {
        Path file = TableFiles.write(directory, "access", "", "  OK");

        assertThatThrownBy(() -> TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith(file + " line 2: this line starts with whitespace");
    }

    @Test
    void duplicateKeyKeepsTheFirstEntryAsPostfixDoesAndWarnsWithFileAndLine() {
        TextMapTable table = open("a OK", "b OK", "A REJECT");

        assertThat(table.lookup("a")).contains("OK");
        assertThat(table.warnings()).containsExactly(
            directory.resolve("access") + " line 3: duplicate entry: \"a\"; the entry on line 1 is kept, as Postfix does");
    }

    @Test
    void aliasFileStyleKeyIsAcceptedWithAWarning() {
        TextMapTable table = open("postmaster: root");

        assertThat(table.lookup("postmaster:")).contains("root");
        assertThat(table.warnings()).containsExactly(directory.resolve("access")
            + " line 1: record is in \"key: value\" format; is this an alias file?");
    }

    @Test
    void missingFileIsAnErrorNamingTheFile() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> TextMapTable.open(missing, "hash:" + missing, TableFiles.ANY_VALUE))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(missing + ": cannot read the table file: no such file");
    }

    @Test
    void directoryIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> TextMapTable.open(directory, "file:" + directory, TableFiles.ANY_VALUE))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith(directory + ": cannot read the table file: ");
    }

    @Test
    void isAFixedStringTableAndKeepsTheReferenceAsWritten() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TextMapTable table = TextMapTable.open(file, "hash:/etc/postfix/access", TableFiles.ANY_VALUE);

        assertThat(table.matchesWholeString()).isFalse();
        assertThat(table.reference()).isEqualTo("hash:/etc/postfix/access");
    }

    @Test
    void emptyFileIsAnEmptyTable() {
        TextMapTable table = open("# nothing yet");

        assertThat(table.lookup("a")).isEmpty();
    }

    @Test
    void reloadsWhenTheFileChanges() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE, TableFiles.checkOnEveryLookup());

        TableFiles.rewrite(file, "a REJECT", "b OK");

        assertThat(table.lookup("a")).contains("REJECT");
        assertThat(table.lookup("b")).contains("OK");
    }

    @Test
    void looksAtTheFileAtMostOncePerSecond() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TableFiles.ManualTicker ticker = new TableFiles.ManualTicker();
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE, ticker.schedule(Duration.ofSeconds(1), Duration.ZERO));

        TableFiles.rewrite(file, "a REJECT");
        ticker.advance(Duration.ofMillis(999));
        assertThat(table.lookup("a")).contains("OK");

        ticker.advance(Duration.ofMillis(1));
        assertThat(table.lookup("a")).contains("REJECT");
    }

    @Test
    void reloadsWithTheDefaultScheduleWithinADeadline() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE);

        TableFiles.rewrite(file, "a REJECT");

        TableFiles.awaitUntil(Duration.ofSeconds(10), () -> table.lookup("a").equals(Optional.of("REJECT")));
    }

    @Test
    void failedReloadKeepsThePreviousContentAndDoesNotThrow() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE, TableFiles.checkOnEveryLookup());

        TableFiles.rewrite(file, "a REJECT", "broken");

        assertThat(table.lookup("a")).contains("OK");
        assertThat(table.reloadProblem()).contains(
            file + " line 2: expected format: key whitespace value, but the key \"broken\" has no value");
    }

    @Test
    void fixedFileIsLoadedAfterAFailedReload() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE, TableFiles.checkOnEveryLookup());
        TableFiles.rewrite(file, "broken");
        assertThat(table.lookup("a")).contains("OK");

        TableFiles.rewrite(file, "a REJECT");

        assertThat(table.lookup("a")).contains("REJECT");
        assertThat(table.reloadProblem()).isEmpty();
    }

    @Test
    void deletedFileKeepsThePreviousContent() throws IOException {
        Path file = TableFiles.write(directory, "access", "a OK");
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE, TableFiles.checkOnEveryLookup());

        Files.delete(file);

        assertThat(table.lookup("a")).contains("OK");
        assertThat(table.reloadProblem()).contains(file + ": cannot read the table file: no such file");
    }

    @Test
    void fileReplacedByRenameIsReloadedEvenWithTheSameTimeAndSize() throws IOException {
        FileTime lastMonth = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        Path file = TableFiles.write(directory, "access", "a OK");
        Files.setLastModifiedTime(file, lastMonth);
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE, TableFiles.checkOnEveryLookup());
        Path replacement = TableFiles.write(directory, "access.new", "a NO");
        Files.setLastModifiedTime(replacement, lastMonth);

        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(table.lookup("a")).contains("NO");
    }

    @Test
    void changeIsReadOnlyOnceTheFileHasStayedTheSameForTheSettlePeriod() {
        Path file = TableFiles.write(directory, "access", "a OK");
        TableFiles.ManualTicker ticker = new TableFiles.ManualTicker();
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE,
            ticker.schedule(Duration.ofSeconds(1), Duration.ofSeconds(1)));

        TableFiles.rewrite(file, "a REJECT");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(table.lookup("a")).contains("OK");

        TableFiles.rewrite(file, "a DUNNO");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(table.lookup("a")).contains("OK");

        ticker.advance(Duration.ofSeconds(1));
        assertThat(table.lookup("a")).contains("DUNNO");
    }

    @Test
    void concurrentLookupsDuringRewritesInPlaceAlwaysSeeAWholeVersionOfTheFile() throws Exception {
        Path file = TableFiles.write(directory, "access", "a 0", "b 0");
        // Production's settle period: far longer than the moment between the truncation and the write of a
        // rewrite, even on a loaded machine where the writing thread may wait for a core.
        TextMapTable table = TextMapTable.open(file, "file:access", TableFiles.ANY_VALUE,
            new ReloadSchedule(Duration.ZERO, Duration.ofSeconds(1), System::nanoTime));
        AtomicBoolean done = new AtomicBoolean();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                results.add(readers.submit(() -> {
                    while (!done.get()) {
                        String a = table.lookup("a").orElseThrow();
                        String b = table.lookup("b").orElseThrow();
                        seen.add(a);
                        assertThat(Integer.parseInt(b)).isGreaterThanOrEqualTo(Integer.parseInt(a));
                    }
                    return null;
                }));
            }
            for (int version = 1; version <= 10; version++) {
                TableFiles.rewrite(file, "a " + version, "b " + version);
                int expected = version;
                TableFiles.awaitUntil(Duration.ofSeconds(10), () -> {
                    rethrowReaderFailure(results);
                    return seen.contains(String.valueOf(expected));
                });
            }
        } finally {
            done.set(true);
            readers.shutdown();
        }
        for (Future<?> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A reader that stopped has failed: report its failure rather than waiting for versions it cannot see. */
    private static void rethrowReaderFailure(List<Future<?>> readers) {
        for (Future<?> reader : readers) {
            if (reader.isDone()) {
                try {
                    reader.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("a reader failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
                throw new AssertionError("a reader stopped before the end");
            }
        }
    }
}
