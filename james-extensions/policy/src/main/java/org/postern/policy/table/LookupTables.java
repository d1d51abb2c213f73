package org.postern.policy.table;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.postern.config.InvalidConfigurationException;

/**
 * Opens the tables that restriction lists name, one instance per table: two restrictions that name the same
 * file (even as {@code hash:} and {@code file:}, or by a relative and an absolute path) share one
 * {@link LookupTable}, so the file is read and watched once.
 */
public final class LookupTables {

    private final Path configurationDirectory;
    private final TableStore store;
    private final ReloadSchedule reloadSchedule;
    private final ConcurrentMap<TableReference, LookupTable> opened = new ConcurrentHashMap<>();

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
     * @throws InvalidConfigurationException when the file cannot be read or is malformed
     */
    public LookupTable open(TableReference reference) {
        LookupTable table = opened.get(reference);
        return table != null ? table : opened.computeIfAbsent(reference, this::create);
    }

    /**
     * Parses and opens a reference as written in a configuration file.
     *
     * @param origin where it was written, e.g. {@code "conf/smtp.properties line 12"}, for error messages
     * @throws InvalidConfigurationException when the reference is malformed or the table cannot be opened
     */
    public LookupTable open(String written, String origin) {
        return open(TableReference.parse(written, configurationDirectory, origin));
    }

    public Path configurationDirectory() {
        return configurationDirectory;
    }

    private LookupTable create(TableReference reference) {
        String written = reference.written();
        return switch (reference.type()) {
            case FILE -> TextMapTable.open(reference.path(), written, reloadSchedule);
            case CIDR -> CidrTable.open(reference.path(), written, reloadSchedule);
            case REGEXP -> RegexpTable.open(reference.path(), written, RegexpTable.Dialect.POSIX, reloadSchedule);
            case PCRE -> RegexpTable.open(reference.path(), written, RegexpTable.Dialect.PCRE, reloadSchedule);
            case DB -> new DatabaseTable(store, reference.name(), written);
        };
    }
}
