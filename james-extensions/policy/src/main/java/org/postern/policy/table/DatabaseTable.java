package org.postern.policy.table;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code db:} table: one table of a {@link TableStore}, looked up like a text map (keys case-insensitive,
 * the caller applies the search order). A store that fails becomes a {@link TableLookupException}, which a
 * restriction answers with a temporary failure instead of treating the key as absent.
 */
public final class DatabaseTable implements LookupTable {

    private final TableStore store;
    private final String table;
    private final String reference;

    /** @param reference the reference the admin wrote, e.g. {@code db:blocked} */
    public DatabaseTable(TableStore store, String table, String reference) {
        this.store = Objects.requireNonNull(store, "store");
        this.table = TableStore.checkedTableName(table);
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    @Override
    public Optional<String> lookup(String key) {
        if (key == null || key.isBlank() || !key.strip().equals(key)) {
            return Optional.empty(); // the store refuses such keys, so none can be there
        }
        try {
            return store.get(table, key);
        } catch (TableLookupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TableLookupException(reference + ": the table store failed to look up \"" + key + "\": "
                + e.getMessage(), e);
        }
    }

    @Override
    public boolean matchesWholeString() {
        return false;
    }

    @Override
    public String reference() {
        return reference;
    }
}
