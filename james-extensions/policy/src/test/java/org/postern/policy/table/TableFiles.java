package org.postern.policy.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Writes table files for tests and makes their changes visible without waiting for the clock. */
final class TableFiles {
    /** A kind whose values may be anything, for tests of the table formats themselves. */
    static final TableKind ANY_VALUE = AddressTableKind.RELAY_RECIPIENTS;

    private TableFiles() {
    }

    static Path write(Path directory, String name, String... lines) {
        return writeFile(directory.resolve(name), lines);
    }

    static Path writeFile(Path file, String... lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rewrites the file and moves its modification time forward explicitly, so the change is noticed even on
     * file systems whose timestamps are coarser than the time between two writes in a test.
     */
    static void rewrite(Path file, String... lines) {
        try {
            FileTime before = Files.getLastModifiedTime(file);
            writeFile(file, lines);
            Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(10)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reload schedule that checks the file on every lookup and parses a change at once. */
    static ReloadSchedule checkOnEveryLookup() {
        return new ReloadSchedule(Duration.ZERO, Duration.ZERO, System::nanoTime);
    }

    /** A ticker the test moves by hand. */
    static final class ManualTicker {
        private final AtomicLong nanos = new AtomicLong();

        ReloadSchedule schedule(Duration interval, Duration settle) {
            return new ReloadSchedule(interval, settle, nanos::get);
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    /** Polls until the condition holds; fails after the deadline instead of sleeping for luck. */
    static void awaitUntil(Duration deadline, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("condition not met within " + deadline);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
