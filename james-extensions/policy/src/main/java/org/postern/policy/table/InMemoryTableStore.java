package org.postern.policy.table;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link TableStore} in memory, for tests and for servers that need no persistence. Thread-safe. */
public final class InMemoryTableStore implements TableStore {

    private final ConcurrentMap<String, ConcurrentNavigableMap<String, String>> tables = new ConcurrentHashMap<>();

    @Override
    public List<TableEntry> list(String table) {
        ConcurrentNavigableMap<String, String> entries = tables.get(TableStore.checkedTableName(table));
        if (entries == null) {
            return List.of();
        }
        return entries.entrySet().stream().map(entry -> new TableEntry(entry.getKey(), entry.getValue())).toList();
    }

    @Override
    public Optional<String> get(String table, String key) {
        Map<String, String> entries = tables.get(TableStore.checkedTableName(table));
        String normalizedKey = TableStore.normalizedKey(key);
        return entries == null ? Optional.empty() : Optional.ofNullable(entries.get(normalizedKey));
    }

    @Override
    public void put(String table, String key, String value) {
        String normalizedKey = TableStore.normalizedKey(key);
        String checkedValue = TableStore.checkedValue(value);
        tables.computeIfAbsent(TableStore.checkedTableName(table), name -> new ConcurrentSkipListMap<>())
            .put(normalizedKey, checkedValue);
    }

    @Override
    public boolean delete(String table, String key) {
        Map<String, String> entries = tables.get(TableStore.checkedTableName(table));
        String normalizedKey = TableStore.normalizedKey(key);
        return entries != null && entries.remove(normalizedKey) != null;
    }

    @Override
    public SortedMap<String, Integer> tableSizes() {
        SortedMap<String, Integer> sizes = new TreeMap<>();
        tables.forEach((name, entries) -> {
            int size = entries.size();
            if (size > 0) {
                sizes.put(name, size);
            }
        });
        return sizes;
    }
}
