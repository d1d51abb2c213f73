package org.postern.policy.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.postern.policy.table.LookupTable;
import org.postern.policy.table.TableLookupException;

/** An in-memory lookup table for tests; remembers the keys it was asked for. */
public final class MemoryTable implements LookupTable {
    private final String reference;
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final boolean pattern;
    private boolean failing;
    private final List<String> queries = new ArrayList<>();

    public MemoryTable(String reference, boolean pattern, String... keysAndValues) {
        this.reference = reference;
        this.pattern = pattern;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.put(keysAndValues[i].toLowerCase(Locale.ROOT), keysAndValues[i + 1]);
        }
    }

    public static MemoryTable of(String reference, String... keysAndValues) {
        return new MemoryTable(reference, false, keysAndValues);
    }

    public MemoryTable failing() {
        failing = true;
        return this;
    }

    public List<String> queries() {
        return queries;
    }

    @Override
    public Optional<String> lookup(String key) {
        queries.add(key);
        if (failing) {
            throw new TableLookupException(reference + ": database unavailable");
        }
        return Optional.ofNullable(entries.get(key.toLowerCase(Locale.ROOT)));
    }

    @Override
    public boolean matchesWholeString() {
        return pattern;
    }

    @Override
    public String reference() {
        return reference;
    }
}
