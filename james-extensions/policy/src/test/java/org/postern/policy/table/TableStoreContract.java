package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link TableStore} backend must have. A backend's test extends this class and returns
 * a fresh, empty store from {@link #createStore()}.
 */
public abstract class TableStoreContract {

    private TableStore store;

    /** A new store with no entries in any table. */
    protected abstract TableStore createStore();

    @BeforeEach
    void createEmptyStore() {
        store = createStore();
    }

    @Test
    void unknownTableIsEmpty() {
        assertThat(store.list("nothing")).isEmpty();
        assertThat(store.get("nothing", "key")).isEmpty();
        assertThat(store.delete("nothing", "key")).isFalse();
    }

    @Test
    void putThenGet() {
        store.put("blocked", "spammer@example.com", "REJECT go away");

        assertThat(store.get("blocked", "spammer@example.com")).contains("REJECT go away");
    }

    @Test
    void keysAreStoredAndComparedLowerCased() {
        store.put("blocked", "Spammer@Example.COM", "REJECT Keep Case");

        assertThat(store.get("blocked", "spammer@example.com")).contains("REJECT Keep Case");
        assertThat(store.get("blocked", "SPAMMER@EXAMPLE.COM")).contains("REJECT Keep Case");
        assertThat(store.list("blocked")).containsExactly(new TableEntry("spammer@example.com", "REJECT Keep Case"));
    }

    @Test
    void putReplacesTheValueOfAnExistingKey() {
        store.put("blocked", "a@example.com", "REJECT");
        store.put("blocked", "A@EXAMPLE.COM", "OK");

        assertThat(store.get("blocked", "a@example.com")).contains("OK");
        assertThat(store.list("blocked")).hasSize(1);
    }

    @Test
    void listIsSortedByKey() {
        store.put("relocated", "c@example.com", "c@new.example");
        store.put("relocated", "a@example.com", "a@new.example");
        store.put("relocated", "b@example.com", "b@new.example");

        assertThat(store.list("relocated")).containsExactly(
            new TableEntry("a@example.com", "a@new.example"),
            new TableEntry("b@example.com", "b@new.example"),
            new TableEntry("c@example.com", "c@new.example"));
    }

    @Test
    void tablesAreSeparate() {
        store.put("one", "key", "ONE");
        store.put("two", "key", "TWO");

        assertThat(store.get("one", "key")).contains("ONE");
        assertThat(store.get("two", "key")).contains("TWO");
        assertThat(store.list("one")).containsExactly(new TableEntry("key", "ONE"));
    }

    @Test
    void deleteRemovesTheKeyWhateverItsCase() {
        store.put("blocked", "a@example.com", "REJECT");
        store.put("blocked", "b@example.com", "REJECT");

        assertThat(store.delete("blocked", "A@Example.com")).isTrue();
        assertThat(store.delete("blocked", "a@example.com")).isFalse();
        assertThat(store.get("blocked", "a@example.com")).isEmpty();
        assertThat(store.list("blocked")).containsExactly(new TableEntry("b@example.com", "REJECT"));
    }

    @Test
    void tablesNameEveryTableWithEntriesOrAKindSortedByName() {
        assertThat(store.tables()).isEmpty();
        store.put("relocated", "a@example.com", "a@new.example");
        store.declare("relocated", "relocated");
        store.put("blocked", "a@example.com", "REJECT");
        store.put("blocked", "b@example.com", "REJECT");
        store.put("emptied", "a@example.com", "OK");
        store.delete("emptied", "a@example.com");
        store.declare("fresh", "access");

        assertThat(store.tables()).containsExactly(
            entry("blocked", new TableStore.TableSummary(Optional.empty(), 2)),
            entry("fresh", new TableStore.TableSummary(Optional.of("access"), 0)),
            entry("relocated", new TableStore.TableSummary(Optional.of("relocated"), 1)));
    }

    @Test
    void aTableKeepsItsKindWhileItHasEntries() {
        assertThat(store.kind("blocked")).isEmpty();
        store.declare("blocked", "access");
        store.declare("blocked", "access");
        store.put("blocked", "a@example.com", "REJECT");

        assertThatThrownBy(() -> store.declare("blocked", "relocated"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("table blocked holds access entries; it cannot become relocated (empty it first)");
        assertThat(store.kind("blocked")).contains("access");

        store.delete("blocked", "a@example.com");
        store.declare("blocked", "relocated");
        assertThat(store.kind("blocked")).contains("relocated");
    }

    @Test
    void dropRemovesEntriesAndKind() {
        store.declare("blocked", "access");
        store.put("blocked", "a@example.com", "REJECT");

        assertThat(store.drop("blocked")).isTrue();
        assertThat(store.list("blocked")).isEmpty();
        assertThat(store.kind("blocked")).isEmpty();
        assertThat(store.tables()).isEmpty();
        assertThat(store.drop("blocked")).isFalse();
    }

    @Test
    void writeMergesOrReplaces() {
        store.put("relocated", "a@example.com", "a@old.example");
        store.put("relocated", "b@example.com", "b@new.example");

        store.write("relocated", List.of(new TableEntry("A@Example.com", "a@new.example"),
            new TableEntry("c@example.com", "c@new.example")), false);
        assertThat(store.list("relocated")).containsExactly(new TableEntry("a@example.com", "a@new.example"),
            new TableEntry("b@example.com", "b@new.example"), new TableEntry("c@example.com", "c@new.example"));

        store.write("relocated", List.of(new TableEntry("d@example.com", "d@new.example"),
            new TableEntry("a@example.com", "a@newer.example")), true);
        assertThat(store.list("relocated")).containsExactly(new TableEntry("a@example.com", "a@newer.example"),
            new TableEntry("d@example.com", "d@new.example"));
    }

    @Test
    void writeWritesNothingWhenOneEntryIsBad() {
        store.put("relocated", "a@example.com", "a@new.example");

        assertThatThrownBy(() -> store.write("relocated", List.of(new TableEntry("b@example.com", "b@new.example"),
            new TableEntry(" bad", "x@new.example")), true)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.list("relocated")).containsExactly(new TableEntry("a@example.com", "a@new.example"));
    }

    @Test
    void valuesAreKeptAsGiven() {
        store.put("transport", "example.com", "smtp:[mx.example.com]:25 # not a comment");

        assertThat(store.get("transport", "example.com")).contains("smtp:[mx.example.com]:25 # not a comment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upper", "with space", "dot.ted", "slash/",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesBadTableNames(String table) {
        assertThatThrownBy(() -> store.put(table, "key", "OK")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(table, "key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list(table)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(table, "key")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsTheLongestTableName() {
        String table = "a-z_0-9" + "x".repeat(57);

        store.put(table, "key", "OK");

        assertThat(store.get(table, "key")).contains("OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " leading", "trailing ", "\"a\nb\"@example.com", "a\u0000b", "a\u007fb"})
    void refusesBadKeys(String key) {
        assertThatThrownBy(() -> store.put("blocked", key, "OK")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list("blocked")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "REJECT bye\nevil@example.com OK", "REJECT a\rb", "OK\u0000"})
    void refusesEmptyValuesAndControlCharacters(String value) {
        assertThatThrownBy(() -> store.put("blocked", "key", value)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list("blocked")).isEmpty();
    }

    @Test
    void aTabInAValueIsKept() {
        store.put("blocked", "key", "REJECT\tno thanks");

        assertThat(store.get("blocked", "key")).contains("REJECT\tno thanks");
    }
}
