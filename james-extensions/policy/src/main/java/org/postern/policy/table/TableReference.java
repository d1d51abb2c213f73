package org.postern.policy.table;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

import org.postern.config.InvalidConfigurationException;

/**
 * A table named in a restriction list as {@code type:name}, e.g. {@code file:tables/access},
 * {@code hash:/etc/postfix/access}, {@code cidr:/etc/postern/clients.cidr} or {@code db:blocked}.
 *
 * <p>Two references are equal when they select the same table: the same type (after aliases such as
 * {@code hash:} → {@code file:}) and the same absolute, normalised path or database table name. That is what
 * lets {@link LookupTables} share one instance between restrictions that name the same file differently.
 */
public final class TableReference {

    /** Names of {@code db:} tables: short, lower case, safe in URLs, SQL and CQL. */
    public static final Pattern DATABASE_TABLE_NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    private final TableType type;
    private final String name;
    private final Path path;
    private final String written;

    private TableReference(TableType type, String name, Path path, String written) {
        this.type = type;
        this.name = name;
        this.path = path;
        this.written = written;
    }

    /**
     * Parses a reference; relative paths are resolved against {@code configurationDirectory}.
     *
     * @throws InvalidConfigurationException naming the reference and the accepted types
     */
    public static TableReference parse(String written, Path configurationDirectory) {
        return parse(written, configurationDirectory, null);
    }

    /**
     * As {@link #parse(String, Path)}, with {@code origin} (e.g. {@code "conf/smtp.properties line 12"})
     * prefixed to error messages so the admin knows where the bad reference was written.
     */
    public static TableReference parse(String written, Path configurationDirectory, String origin) {
        Objects.requireNonNull(configurationDirectory, "configurationDirectory");
        String text = written == null ? "" : written.strip();
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw invalid(origin, text, "expected type:name, where type is one of " + TableType.describeAccepted());
        }
        String prefix = text.substring(0, colon);
        TableType type = TableType.forPrefix(prefix).orElseThrow(() -> invalid(origin, text,
            "unknown table type \"" + prefix + "\"; accepted types: " + TableType.describeAccepted()));
        String name = text.substring(colon + 1).strip();
        if (name.isEmpty()) {
            throw invalid(origin, text, "the table name after \"" + prefix + ":\" is empty; accepted types: "
                + TableType.describeAccepted());
        }
        if (type == TableType.DB) {
            if (!DATABASE_TABLE_NAME.matcher(name).matches()) {
                throw invalid(origin, text, "a db: table name is 1 to 64 characters among a-z, 0-9, _ and -");
            }
            return new TableReference(type, name, null, text);
        }
        try {
            Path resolved = configurationDirectory.resolve(name).toAbsolutePath().normalize();
            return new TableReference(type, resolved.toString(), resolved, text);
        } catch (InvalidPathException e) {
            throw invalid(origin, text, "not a valid path: " + e.getMessage());
        }
    }

    private static InvalidConfigurationException invalid(String origin, String text, String reason) {
        String prefix = origin == null ? "" : origin + ": ";
        return new InvalidConfigurationException(prefix + "bad table reference \"" + text + "\": " + reason);
    }

    public TableType type() {
        return type;
    }

    /** The absolute, normalised path of a file table, or the table name of a {@code db:} table. */
    public String name() {
        return name;
    }

    /** The absolute, normalised path of a file table. */
    public Path path() {
        if (path == null) {
            throw new IllegalStateException(written + " is a database table, not a file");
        }
        return path;
    }

    /** The reference as the admin wrote it, for logs and replies. */
    public String written() {
        return written;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableReference that && type == that.type && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name);
    }

    @Override
    public String toString() {
        return written;
    }
}
