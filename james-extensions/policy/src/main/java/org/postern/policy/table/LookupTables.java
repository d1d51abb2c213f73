package org.postern.policy.table;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.postern.config.InvalidConfigurationException;

/**
 * Opens the tables that the configuration names, one instance per table: two restrictions that name the same
 * file (even as {@code hash:} and {@code file:}, or by a relative and an absolute path) share one
 * {@link LookupTable}, so the file is read and watched once. Each opening says what the table maps (its
 * {@link TableKind}): a text map's values are checked when it is read, and a {@code db:} table gets the kind
 * declared in its store, which is how webadmin knows how to check what is written into it.
 */
public final class LookupTables {

    private final Path configurationDirectory;
    private final TableStore store;
    private final ReloadSchedule reloadSchedule;
    private final ConcurrentMap<TableReference, Opened> opened = new ConcurrentHashMap<>();

    private record Opened(LookupTable table, TableKind kind) {
    }

    /**
     * @param configurationDirectory where relative file paths are resolved
     * @param store                  where {@code db:} tables live
     */
    public LookupTables(Path configurationDirectory, TableStore store) {
        this(configurationDirectory, store, ReloadSchedule.everySecond());
    }

    LookupTables(Path configurationDirectory, TableStore store, ReloadSchedule reloadSchedule) {
        this.configurationDirectory = Objects.requireNonNull(configurationDirectory, "configurationDirectory");
        this.store = Objects.requireNonNull(store, "store");
        this.reloadSchedule = reloadSchedule;
    }

    /**
     * The table for this reference, opened (and its file read) on first use.
     *
     * @throws InvalidConfigurationException when the file cannot be read or is malformed, when a value is not one
     *         of {@code kind}, or when the table is already used as another kind
     */
    public LookupTable open(TableReference reference, TableKind kind) {
        Opened table = opened.computeIfAbsent(reference, written -> new Opened(create(written, kind), kind));
        if (!table.kind().name().equals(kind.name())) {
            throw new InvalidConfigurationException(reference.written() + " is used as a " + table.kind().name()
                + " table and as a " + kind.name() + " table: give each its own table");
        }
        return table.table();
    }

    /**
     * Parses and opens a reference as written in a configuration file.
     *
     * @param origin where it was written, e.g. {@code "conf/smtp.properties line 12"}, for error messages
     * @throws InvalidConfigurationException when the reference is malformed or the table cannot be opened
     */
    public LookupTable open(String written, TableKind kind, String origin) {
        return open(TableReference.parse(written, configurationDirectory, origin), kind);
    }

    public Path configurationDirectory() {
        return configurationDirectory;
    }

    private LookupTable create(TableReference reference, TableKind kind) {
        String written = reference.written();
        return switch (reference.type()) {
            case FILE -> TextMapTable.open(reference.path(), written, kind, reloadSchedule);
            case CIDR -> CidrTable.open(reference.path(), written, reloadSchedule);
            case REGEXP -> RegexpTable.open(reference.path(), written, RegexpTable.Dialect.POSIX, reloadSchedule);
            case PCRE -> RegexpTable.open(reference.path(), written, RegexpTable.Dialect.PCRE, reloadSchedule);
            case DB -> {
                try {
                    store.declare(reference.name(), kind.name());
                } catch (IllegalStateException e) {
                    throw new InvalidConfigurationException(written + ": " + e.getMessage());
                }
                yield new DatabaseTable(store, reference.name(), written);
            }
        };
    }
}
