package org.postern.policy.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.postern.config.InvalidConfigurationException;

/**
 * Postfix's text map format, as postmap(1) reads it and as an admin pastes it: logical lines
 * ({@link LogicalLines}: comments, blank lines, continuation lines), each {@code key whitespace value}; the key
 * ends at the first whitespace outside double quotes (quotes stay part of the key, a backslash escapes the next
 * character) and is lower-cased; the value is the rest, trimmed. A duplicate key keeps the <em>first</em> entry
 * with a warning, as postmap does. Each value is checked by the table's {@link TableKind}.
 */
public final class PostfixMapText {

    private PostfixMapText() {
    }

    /**
     * What a map text holds.
     *
     * @param entries  the entries, in file order, the first of duplicate keys only
     * @param warnings duplicate keys, {@code key: value} lines ("PATH line N: ...")
     * @param errors   the malformed lines and refused values ("PATH line N: ..."), when collected
     */
    public record Parsed(List<MapEntry> entries, List<String> warnings, List<String> errors) {
        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    /**
     * Reads a table file: the first malformed line or refused value stops it.
     *
     * @throws InvalidConfigurationException naming the source and line
     */
    public static Parsed read(String source, byte[] content, TableKind kind) {
        Parsed parsed = parse(source, content, kind, 1);
        if (parsed.hasErrors()) {
            throw new InvalidConfigurationException(parsed.errors().get(0));
        }
        return parsed;
    }

    /**
     * Reads a pasted map and reports every problem (up to {@code maxErrors}) instead of stopping at the first; a
     * line that breaks the logical-line structure (a continuation with nothing to continue, bad UTF-8) ends the
     * reading.
     */
    public static Parsed check(String source, byte[] content, TableKind kind, int maxErrors) {
        return parse(source, content, kind, maxErrors);
    }

    /** The entries as a map text: one {@code key<TAB>value} line each, which {@link #read} reads back. */
    public static String format(List<TableEntry> entries) {
        StringBuilder text = new StringBuilder();
        for (TableEntry entry : entries) {
            text.append(entry.key()).append('\t').append(entry.value()).append('\n');
        }
        return text.toString();
    }

    /**
     * True when {@code key} is written the same in a map text: no whitespace outside double quotes, balanced
     * quotes. A key that is not cannot be exported or imported as it is.
     */
    public static boolean isWritableKey(String key) {
        boolean inQuotes = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (LogicalLines.isSpace(c) && !inQuotes) {
                return false;
            }
        }
        return !inQuotes && !key.isEmpty() && key.charAt(0) != '#';
    }

    private static Parsed parse(String source, byte[] content, TableKind kind, int maxErrors) {
        List<MapEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, Integer> lineOfKey = new HashMap<>();
        List<LogicalLine> lines;
        try {
            lines = LogicalLines.parse(source, content);
        } catch (InvalidConfigurationException e) {
            return new Parsed(List.of(), List.of(), List.of(e.getMessage()));
        }
        for (LogicalLine line : lines) {
            if (errors.size() >= maxErrors) {
                break;
            }
            String text = line.text();
            int keyEnd = keyEnd(text);
            if (keyEnd < 0) {
                errors.add(line.where() + ": unbalanced '\"' in the key");
                continue;
            }
            String key = text.substring(0, keyEnd).toLowerCase(Locale.ROOT);
            String value = LogicalLines.trim(text.substring(keyEnd));
            if (value.isEmpty()) {
                errors.add(line.where() + ": expected format: key whitespace value, but the key \"" + key + "\" has no value");
                continue;
            }
            try {
                kind.checkValue(value);
            } catch (IllegalArgumentException e) {
                errors.add(line.where() + ": key \"" + key + "\": not a " + kind.name() + " value: " + e.getMessage());
                continue;
            }
            if (key.endsWith(":")) {
                warnings.add(line.where() + ": record is in \"key: value\" format; is this an alias file?");
            }
            Integer firstLine = lineOfKey.putIfAbsent(key, line.number());
            if (firstLine != null) {
                warnings.add(line.where() + ": duplicate entry: \"" + key + "\"; the entry on line " + firstLine
                    + " is kept, as Postfix does");
                continue;
            }
            entries.add(new MapEntry(key, value, line.number()));
        }
        return new Parsed(List.copyOf(entries), List.copyOf(warnings), List.copyOf(errors));
    }

    /** Where the key ends: the first whitespace outside double quotes, as postmap(1) splits a line; -1 when a quote is open. */
    private static int keyEnd(String text) {
        boolean inQuotes = false;
        int i = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (LogicalLines.isSpace(c)) {
                if (!inQuotes) {
                    break;
                }
            } else if (c == '"') {
                inQuotes = !inQuotes;
            }
        }
        return inQuotes ? -1 : Math.min(i, text.length());
    }
}
