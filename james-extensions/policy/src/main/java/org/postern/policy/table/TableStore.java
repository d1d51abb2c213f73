package org.postern.policy.table;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where {@code db:} tables live: the server's database (memory for tests, JPA for one machine, Cassandra for
 * a cluster), managed over webadmin. A table exists as soon as it has an entry; an unknown table is empty.
 *
 * <p>Every implementation must pass {@code TableStoreContract}:
 * <ul>
 *   <li>table names match {@link TableReference#DATABASE_TABLE_NAME}, otherwise
 *       {@link IllegalArgumentException};</li>
 *   <li>keys are stored and compared lower-cased ({@link #normalizedKey}); a key must not be blank nor start
 *       or end with whitespace, a value must not be blank, and neither may hold a line break or another control
 *       character (a tab is allowed in a value) ({@link IllegalArgumentException}): the same rules as a text map
 *       line, so any table can be exported to a Postfix file and read back the same;</li>
 *   <li>{@link #put} adds or replaces; {@link #list} returns entries sorted by key;</li>
 *   <li>{@link #write} writes a whole import at once: every entry or none;</li>
 *   <li>a table may declare its {@link TableKind} ({@link #declare}); a table with entries keeps its kind;</li>
 *   <li>all methods are safe to call from many threads.</li>
 * </ul>
 * A store that cannot answer (database down) throws an unchecked exception of its choice; callers that
 * answer SMTP turn it into a temporary failure (see {@link DatabaseTable}).
 */
public interface TableStore {

    /** Every entry of the table, sorted by key; empty for an unknown table. */
    List<TableEntry> list(String table);

    /** The value for the key (compared lower-cased), or empty. */
    Optional<String> get(String table, String key);

    /** Adds the entry, or replaces the value of an existing key. */
    void put(String table, String key, String value);

    /** Removes the key; false when it was not there. */
    boolean delete(String table, String key);

    /**
     * Writes many entries as one change: with {@code replace} the table holds exactly these afterwards, otherwise
     * they are added to it (replacing the values of keys it has). Either every entry is written or none.
     *
     * @throws IllegalArgumentException for a bad key or value, before anything is written
     */
    void write(String table, List<TableEntry> entries, boolean replace);

    /** The name of the {@link TableKind} declared for the table, empty when none is. */
    Optional<String> kind(String table);

    /**
     * Declares what the table maps. Declaring the kind it has changes nothing; an empty table may change kind; a
     * table with entries keeps its kind.
     *
     * @throws IllegalStateException when the table holds entries and has another kind, naming both
     */
    void declare(String table, String kind);

    /** Every table that has a kind or entries, sorted by name (webadmin's {@code GET /policy/tables}). */
    SortedMap<String, TableSummary> tables();

    /** Removes the table: its entries and its kind. False when there was neither. */
    boolean drop(String table);

    /** What {@link #tables()} says of one table. */
    record TableSummary(Optional<String> kind, int entries) {
    }

    /** The kind name, checked: 1 to 32 characters among a-z and _. */
    static String checkedKindName(String kind) {
        if (kind == null || !kind.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("bad table kind \"" + kind + "\"");
        }
        return kind;
    }

    /** The conflict of {@link #declare}, worded the same by every store. */
    static IllegalStateException kindConflict(String table, String kind, String declared) {
        return new IllegalStateException("table " + table + " holds " + declared + " entries; it cannot become "
            + kind + " (empty it first)");
    }

    /** The table name, checked. */
    static String checkedTableName(String table) {
        if (table == null || !TableReference.DATABASE_TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("bad table name \"" + table
                + "\": 1 to 64 characters among a-z, 0-9, _ and -");
        }
        return table;
    }

    /** The key as stored: lower case (Locale.ROOT), checked. */
    static String normalizedKey(String key) {
        if (key == null || key.isBlank() || !key.strip().equals(key)) {
            throw new IllegalArgumentException("bad key \"" + key
                + "\": a key must not be empty nor start or end with whitespace");
        }
        return key.toLowerCase(Locale.ROOT);
    }

    /** The key as stored by a write: {@link #normalizedKey}, without control characters. */
    static String writableKey(String key) {
        String normalized = normalizedKey(key);
        if (normalized.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("bad key: a key must not hold line breaks or other control characters");
        }
        return normalized;
    }

    /** The value, checked. */
    static String checkedValue(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a value must not be empty");
        }
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
            throw new IllegalArgumentException("a value must not hold line breaks or other control characters");
        }
        return value;
    }
}
