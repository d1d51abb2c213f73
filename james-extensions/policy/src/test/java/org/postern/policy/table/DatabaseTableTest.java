package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DatabaseTableTest {

    @Test
    void looksUpItsTableInTheStoreCaseInsensitively() {
        TableStore store = new InMemoryTableStore();
        store.put("blocked", "spammer@example.com", "REJECT");
        store.put("other", "friend@example.com", "OK");
        DatabaseTable table = new DatabaseTable(store, "blocked", "db:blocked");

        assertThat(table.lookup("Spammer@Example.com")).contains("REJECT");
        assertThat(table.lookup("friend@example.com")).isEmpty();
        assertThat(table.matchesWholeString()).isFalse();
        assertThat(table.reference()).isEqualTo("db:blocked");
    }

    @Test
    void seesChangesToTheStoreAtOnce() {
        TableStore store = new InMemoryTableStore();
        DatabaseTable table = new DatabaseTable(store, "blocked", "db:blocked");

        store.put("blocked", "a@example.com", "REJECT");

        assertThat(table.lookup("a@example.com")).contains("REJECT");
    }

    @Test
    void keysNoStoreCanHoldAreNotFound() {
        DatabaseTable table = new DatabaseTable(new InMemoryTableStore(), "blocked", "db:blocked");

        assertThat(table.lookup("")).isEmpty();
        assertThat(table.lookup(" padded ")).isEmpty();
    }

    @Test
    void storeFailureBecomesATableLookupException() {
        DatabaseTable table = new DatabaseTable(new FailingStore(), "blocked", "db:blocked");

        assertThatThrownBy(() -> table.lookup("a@example.com"))
            .isInstanceOf(TableLookupException.class)
            .hasMessage("db:blocked: the table store failed to look up \"a@example.com\": database down")
            .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesABadTableName() {
        assertThatThrownBy(() -> new DatabaseTable(new InMemoryTableStore(), "Bad Name", "db:Bad Name"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static final class FailingStore implements TableStore {
        @Override
        public List<TableEntry> list(String table) {
            throw new IllegalStateException("database down");
        }

        @Override
        public Optional<String> get(String table, String key) {
            throw new IllegalStateException("database down");
        }

        @Override
        public void put(String table, String key, String value) {
            throw new IllegalStateException("database down");
        }

        @Override
        public boolean delete(String table, String key) {
            throw new IllegalStateException("database down");
        }

        @Override
        public void write(String table, List<TableEntry> entries, boolean replace) {
            throw new IllegalStateException("database down");
        }

        @Override
        public Optional<String> kind(String table) {
            throw new IllegalStateException("database down");
        }

        @Override
        public void declare(String table, String kind) {
            throw new IllegalStateException("database down");
        }

        @Override
        public java.util.SortedMap<String, TableSummary> tables() {
            throw new IllegalStateException("database down");
        }

        @Override
        public boolean drop(String table) {
            throw new IllegalStateException("database down");
        }
    }
}
