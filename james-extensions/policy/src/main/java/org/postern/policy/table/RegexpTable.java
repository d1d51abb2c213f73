package org.postern.policy.table;

import java.nio.file.Path;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;

/**
 * A Postfix regexp_table(5) ({@code regexp:}) or pcre_table(5) ({@code pcre:}), matched with java.util.regex:
 * <ul>
 *   <li>{@code /pattern/flags result}: the pattern is searched for anywhere in the key; any non-blank,
 *       non-alphanumeric character may delimit it (but not {@code #}, which makes the line a comment), a
 *       backslash escapes the delimiter; rules are tried in file order and the first match wins;</li>
 *   <li>matching is case-insensitive unless the {@code i} flag is given ("i: toggle the case sensitivity
 *       flag"); regexp: also takes {@code m} (multi-line: {@code ^}/{@code $} match at newlines) and
 *       {@code x} (turn POSIX extended syntax off); pcre: takes {@code m}, {@code s} (dot matches newline)
 *       and {@code x} (ignore whitespace and comments in the pattern);</li>
 *   <li>{@code !/pattern/ result} matches when the pattern does not; {@code /a/!/b/ result} when a matches
 *       and b does not;</li>
 *   <li>{@code $1}, {@code ${1}}, {@code $(1)} in the result are replaced by the pattern's groups,
 *       {@code $$} by a {@code $} (see {@link RegexpReplacement});</li>
 *   <li>{@code if /pattern/} ... {@code endif} limits the rules inside to keys that match (nesting
 *       allowed); lines inside must not be indented, since an indented line continues the previous one;</li>
 *   <li>POSIX syntax of regexp: tables is translated by {@link PosixRegexTranslator};</li>
 *   <li>any malformed line (bad pattern with Java's reason, unknown flag, missing result, {@code $n} beyond
 *       the pattern's groups, unbalanced if/endif) is an error naming the file and line; Postfix would skip
 *       the rule with a warning, we refuse to start rather than silently drop a rule.</li>
 * </ul>
 * The file is re-read when it changes.
 */
public final class RegexpTable implements LookupTable {

    /** Which Postfix table syntax the file is written in. */
    public enum Dialect {
        /** regexp_table(5): POSIX regular expressions. */
        POSIX,
        /** pcre_table(5): Perl-compatible regular expressions. */
        PCRE
    }

    private final String reference;
    private final WatchedFile<RegexpRules> rules;

    private RegexpTable(Path file, String reference, Dialect dialect, ReloadSchedule schedule) {
        this.reference = reference;
        this.rules = new WatchedFile<>(file, path -> RegexpRules.load(path, dialect), schedule);
    }

    /**
     * Reads the file now and watches it for changes.
     *
     * @throws InvalidConfigurationException when the file cannot be read or a line is malformed
     */
    public static RegexpTable open(Path file, String reference, Dialect dialect) {
        return new RegexpTable(file, reference, dialect, ReloadSchedule.everySecond());
    }

    static RegexpTable open(Path file, String reference, Dialect dialect, ReloadSchedule schedule) {
        return new RegexpTable(file, reference, dialect, schedule);
    }

    @Override
    public Optional<String> lookup(String key) {
        return rules.content().lookup(key);
    }

    @Override
    public boolean matchesWholeString() {
        return true;
    }

    @Override
    public String reference() {
        return reference;
    }

    Optional<String> reloadProblem() {
        return rules.reloadProblem();
    }
}
