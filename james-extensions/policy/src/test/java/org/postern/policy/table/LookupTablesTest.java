package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;

class LookupTablesTest {

    @TempDir
    Path directory;

    @Test
    void opensEachKindOfTable() {
        TableFiles.write(directory, "access", "example.com REJECT");
        TableFiles.write(directory, "clients.cidr", "10.0.0.0/8 OK");
        TableFiles.write(directory, "headers.regexp", "/^subject: spam/ DISCARD");
        TableFiles.write(directory, "headers.pcre", "/^subject:\\s+ham/ OK");
        InMemoryTableStore store = new InMemoryTableStore();
        store.put("blocked", "spammer@example.com", "REJECT");
        LookupTables tables = new LookupTables(directory, store);

        LookupTable file = tables.open(TableReference.parse("hash:access", directory), TableFiles.ANY_VALUE);
        LookupTable cidr = tables.open("cidr:clients.cidr", TableFiles.ANY_VALUE, "test");
        LookupTable regexp = tables.open("regexp:headers.regexp", TableFiles.ANY_VALUE, "test");
        LookupTable pcre = tables.open("pcre:headers.pcre", TableFiles.ANY_VALUE, "test");
        LookupTable db = tables.open("db:blocked", TableFiles.ANY_VALUE, "test");

        assertThat(file).isInstanceOf(TextMapTable.class);
        assertThat(file.lookup("example.com")).contains("REJECT");
        assertThat(file.reference()).isEqualTo("hash:access");
        assertThat(cidr.lookup("10.1.1.1")).contains("OK");
        assertThat(regexp.lookup("Subject: SPAM")).contains("DISCARD");
        assertThat(pcre.lookup("subject:   ham")).contains("OK");
        assertThat(db.lookup("Spammer@example.com")).contains("REJECT");
        assertThat(db.reference()).isEqualTo("db:blocked");
    }

    @Test
    void sameTableIsSharedWhateverHowItIsWritten() {
        TableFiles.write(directory, "access", "example.com REJECT");
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());

        LookupTable first = tables.open("file:access", TableFiles.ANY_VALUE, "first");
        LookupTable second = tables.open("hash:" + directory.resolve("access"), TableFiles.ANY_VALUE, "second");
        LookupTable third = tables.open("texthash:./tables/../access", TableFiles.ANY_VALUE, "third");

        assertThat(second).isSameAs(first);
        assertThat(third).isSameAs(first);
        assertThat(tables.open("db:blocked", TableFiles.ANY_VALUE, "a")).isSameAs(tables.open("db:blocked", TableFiles.ANY_VALUE, "b"));
    }

    @Test
    void sameFileReadAsDifferentTypesIsNotShared() {
        TableFiles.write(directory, "clients", "10.0.0.0/8 OK");
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());

        assertThat(tables.open("cidr:clients", TableFiles.ANY_VALUE, "a")).isNotSameAs(tables.open("file:clients", TableFiles.ANY_VALUE, "b"));
    }

    @Test
    void concurrentOpensShareOneInstance() throws Exception {
        TableFiles.write(directory, "access", "example.com REJECT");
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<LookupTable>> opened = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Callable<LookupTable> open = () -> tables.open("file:access", TableFiles.ANY_VALUE, "test");
                opened.add(executor.submit(open));
            }
            LookupTable first = opened.get(0).get(10, TimeUnit.SECONDS);
            for (Future<LookupTable> table : opened) {
                assertThat(table.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void badReferenceNamesWhereItWasWritten() {
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());

        assertThatThrownBy(() -> tables.open("nis:mail.aliases", TableFiles.ANY_VALUE, "conf/smtp.properties line 3"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/smtp.properties line 3: bad table reference \"nis:mail.aliases\"");
    }

    @Test
    void missingOrMalformedFileFailsAndIsNotCached() {
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());

        assertThatThrownBy(() -> tables.open("file:access", TableFiles.ANY_VALUE, "test"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(directory.resolve("access") + ": cannot read the table file: no such file");

        TableFiles.write(directory, "access", "example.com REJECT");
        assertThat(tables.open("file:access", TableFiles.ANY_VALUE, "test").lookup("example.com")).contains("REJECT");
    }

    @Test
    void tablesOpenedByTheRegistryReloadWhenTheirFileChanges() {
        Path file = TableFiles.write(directory, "access", "example.com REJECT");
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore(), TableFiles.checkOnEveryLookup());
        LookupTable table = tables.open("file:access", TableFiles.ANY_VALUE, "test");

        TableFiles.rewrite(file, "example.com OK");

        assertThat(table.lookup("example.com")).contains("OK");
    }
}
