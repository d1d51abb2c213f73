package org.postern.policy.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Postfix text map ({@code file:}, and {@code hash:}/{@code lmdb:}/... read from their text source), in the
 * format postmap(1) reads:
 * <ul>
 *   <li>{@code key whitespace value}: the key ends at the first whitespace that is not inside double quotes
 *       (a backslash escapes the next character); quotes stay part of the key, as in postmap, so
 *       {@code "john doe"@example.com} is one key;</li>
 *   <li>the value is the rest of the logical line with surrounding whitespace removed;</li>
 *   <li>keys are case-insensitive: lower-cased when the file is read and when a key is looked up;</li>
 *   <li>comments, blank lines and continuation lines as described in {@link LogicalLines};</li>
 *   <li>a key without a value, or an unbalanced quote, is an error naming the file and line;</li>
 *   <li>a duplicate key keeps the <em>first</em> entry and logs a warning with the file and line: that is what
 *       Postfix does (postmap and texthash open tables with DICT_FLAG_DUP_WARN, which warns and does not
 *       overwrite), so a migrated table answers exactly as it did under Postfix;</li>
 *   <li>every value must be one the table's {@link TableKind} accepts (an access action for an access map):
 *       a bad value stops the server at startup, naming the file and line; a reload that finds one keeps the
 *       previous content and logs why.</li>
 * </ul>
 * Parsing is {@link PostfixMapText}'s.
 * The file is re-read when it changes (see {@link WatchedFile}).
 */
public final class TextMapTable implements LookupTable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TextMapTable.class);

    private final String reference;
    private final WatchedFile<Entries> entries;

    private TextMapTable(Path file, String reference, TableKind kind, ReloadSchedule schedule) {
        this.reference = reference;
        this.entries = new WatchedFile<>(file, path -> load(path, kind), schedule);
    }

    /**
     * Reads the file now and watches it for changes.
     *
     * @param reference the reference the admin wrote, e.g. {@code hash:/etc/postfix/access}
     * @throws InvalidConfigurationException when the file cannot be read or a line is malformed
     */
    public static TextMapTable open(Path file, String reference, TableKind kind) {
        return new TextMapTable(file, reference, kind, ReloadSchedule.everySecond());
    }

    static TextMapTable open(Path file, String reference, TableKind kind, ReloadSchedule schedule) {
        return new TextMapTable(file, reference, kind, schedule);
    }

    @Override
    public Optional<String> lookup(String key) {
        return Optional.ofNullable(entries.content().values().get(key.toLowerCase(Locale.ROOT)));
    }

    @Override
    public boolean matchesWholeString() {
        return false;
    }

    @Override
    public String reference() {
        return reference;
    }

    /** Warnings from the last successful load (duplicate keys, "key:" lines), also logged. */
    List<String> warnings() {
        return entries.content().warnings();
    }

    Optional<String> reloadProblem() {
        return entries.reloadProblem();
    }

    private static Entries load(Path file, TableKind kind) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw LogicalLines.cannotRead(file, e);
        }
        PostfixMapText.Parsed parsed = PostfixMapText.read(file.toString(), content, kind);
        Map<String, String> values = new HashMap<>();
        parsed.entries().forEach(entry -> values.put(entry.key(), entry.value()));
        parsed.warnings().forEach(LOGGER::warn);
        return new Entries(Map.copyOf(values), parsed.warnings());
    }

    private record Entries(Map<String, String> values, List<String> warnings) {
    }
}
