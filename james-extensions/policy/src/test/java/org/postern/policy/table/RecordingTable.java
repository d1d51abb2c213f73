package org.postern.policy.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table for search tests: answers from a map and records the keys it was asked for, in order. */
final class RecordingTable implements LookupTable {

    private final Map<String, String> entries = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final boolean patternTable;

    private RecordingTable(boolean patternTable) {
        this.patternTable = patternTable;
    }

    /** A table like a text map or db: table. */
    static RecordingTable fixed() {
        return new RecordingTable(false);
    }

    /** A table like a regexp or cidr table. */
    static RecordingTable pattern() {
        return new RecordingTable(true);
    }

    RecordingTable with(String key, String value) {
        entries.put(key, value);
        return this;
    }

    List<String> asked() {
        return asked;
    }

    @Override
    public Optional<String> lookup(String key) {
        asked.add(key);
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public boolean matchesWholeString() {
        return patternTable;
    }

    @Override
    public String reference() {
        return patternTable ? "regexp:test" : "file:test";
    }
}
