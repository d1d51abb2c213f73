package org.postern.policy.table;

import java.util.Objects;

/** One key and its value in a {@code db:} table; the key is lower case, as the store keeps it. */
public record TableEntry(String key, String value) {
    public TableEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
