package org.postern.policy.table;

import java.util.LinkedHashMap;
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
    private final ConcurrentMap<String, String> kinds = new ConcurrentHashMap<>();

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
        String normalizedKey = TableStore.writableKey(key);
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
    public synchronized void write(String table, List<TableEntry> entries, boolean replace) {
        String name = TableStore.checkedTableName(table);
        Map<String, String> checked = new LinkedHashMap<>();
        for (TableEntry entry : entries) {
            checked.put(TableStore.writableKey(entry.key()), TableStore.checkedValue(entry.value()));
        }
        ConcurrentNavigableMap<String, String> content = tables.computeIfAbsent(name, ignored -> new ConcurrentSkipListMap<>());
        if (replace) {
            content.keySet().retainAll(checked.keySet());
        }
        content.putAll(checked);
    }

    @Override
    public Optional<String> kind(String table) {
        return Optional.ofNullable(kinds.get(TableStore.checkedTableName(table)));
    }

    @Override
    public synchronized void declare(String table, String kind) {
        String name = TableStore.checkedTableName(table);
        String checkedKind = TableStore.checkedKindName(kind);
        String declared = kinds.get(name);
        if (declared != null && !declared.equals(checkedKind) && !list(name).isEmpty()) {
            throw TableStore.kindConflict(name, checkedKind, declared);
        }
        kinds.put(name, checkedKind);
    }

    @Override
    public SortedMap<String, TableSummary> tables() {
        SortedMap<String, TableSummary> summaries = new TreeMap<>();
        kinds.forEach((name, kind) -> summaries.put(name, new TableSummary(Optional.of(kind), 0)));
        tables.forEach((name, entries) -> {
            int size = entries.size();
            if (size > 0) {
                summaries.put(name, new TableSummary(Optional.ofNullable(kinds.get(name)), size));
            }
        });
        return summaries;
    }

    @Override
    public synchronized boolean drop(String table) {
        String name = TableStore.checkedTableName(table);
        Map<String, String> entries = tables.remove(name);
        boolean hadKind = kinds.remove(name) != null;
        return hadKind || (entries != null && !entries.isEmpty());
    }
}
