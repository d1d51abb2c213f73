package org.postern.policy.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.postern.policy.table.RegexpTable.Dialect;

/**
 * The parsed rules of a regexp or pcre table, immutable, with the parsing and matching rules of Postfix's
 * dict_regexp.c and dict_pcre.c (see {@link RegexpTable} for the format).
 */
final class RegexpRules {

    /** A pattern, matched anywhere in the key; a negated pattern matches when the regular expression does not. */
    private record Condition(Pattern pattern, boolean negated) {
        boolean test(String key) {
            return pattern.matcher(key).find() != negated;
        }
    }

    /**
     * A match rule ({@code result} set; {@code unless} is the optional second pattern of
     * {@code /a/!/b/ result}) or an "if" rule ({@code result} null) whose block ends before {@code blockEnd}.
     */
    private record Rule(Condition condition, Condition unless, RegexpReplacement result, int blockEnd) {
        boolean isIf() {
            return result == null;
        }

        Rule endingAt(int end) {
            return new Rule(condition, unless, result, end);
        }
    }

    private final List<Rule> rules;

    private RegexpRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    Optional<String> lookup(String key) {
        int index = 0;
        while (index < rules.size()) {
            Rule rule = rules.get(index);
            if (rule.isIf()) {
                index = rule.condition().test(key) ? index + 1 : rule.blockEnd();
                continue;
            }
            index++;
            Matcher matcher = rule.condition().pattern().matcher(key);
            boolean found = matcher.find();
            if (found == rule.condition().negated()) {
                continue;
            }
            if (rule.unless() != null && !rule.unless().test(key)) {
                continue;
            }
            return Optional.of(rule.result().expand(found ? matcher : null));
        }
        return Optional.empty();
    }

    static RegexpRules load(Path file, Dialect dialect) {
        List<Rule> rules = new ArrayList<>();
        IfBlocks blocks = new IfBlocks();
        for (LogicalLine line : LogicalLines.read(file)) {
            LineReader reader = new LineReader(line, dialect);
            String text = reader.text;
            if (!isAsciiAlphanumeric(text.charAt(0))) {
                rules.add(reader.readMatchRule());
            } else if (IfBlocks.startsWithKeyword(text, "if")) {
                reader.position = 2;
                Condition condition = reader.readPattern();
                reader.skipSpace();
                if (!reader.atEnd()) {
                    throw line.error("unexpected text after the if pattern: \"" + reader.rest() + "\" (a line that"
                        + " starts with whitespace continues the previous line: do not indent lines inside if)");
                }
                blocks.open(rules.size(), line);
                rules.add(new Rule(condition, null, null, -1));
            } else if (IfBlocks.startsWithKeyword(text, "endif")) {
                reader.position = 5;
                reader.skipSpace();
                if (!reader.atEnd()) {
                    throw line.error("unexpected text after endif: \"" + reader.rest() + "\"");
                }
                int ifIndex = blocks.close(line);
                rules.set(ifIndex, rules.get(ifIndex).endingAt(rules.size()));
            } else {
                throw line.error("unrecognized line: expected /pattern/ result, if /pattern/ or endif");
            }
        }
        blocks.checkAllClosed();
        return new RegexpRules(rules);
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Reads one logical line from left to right. */
    private static final class LineReader {
        private final LogicalLine line;
        private final Dialect dialect;
        private final String text;
        private int position;

        LineReader(LogicalLine line, Dialect dialect) {
            this.line = line;
            this.dialect = dialect;
            this.text = LogicalLines.trim(line.text());
        }

        /** {@code [!]/pattern/flags [!/pattern/flags] result} */
        Rule readMatchRule() {
            Condition condition = readPattern();
            Condition unless = null;
            if (!atEnd() && text.charAt(position) == '!') {
                unless = readPattern();
            }
            skipSpace();
            if (atEnd()) {
                throw line.error("no result after the pattern");
            }
            RegexpReplacement result;
            try {
                result = RegexpReplacement.parse(rest());
            } catch (IllegalArgumentException e) {
                throw line.error("bad result \"" + rest() + "\": " + e.getMessage());
            }
            int groups = condition.pattern().matcher("").groupCount();
            if (result.highestGroup() > 0 && condition.negated()) {
                throw line.error("$number found in negative match replacement text: a pattern that must not "
                    + "match captures nothing");
            }
            if (result.highestGroup() > groups) {
                throw line.error("out of range replacement index \"" + result.highestGroup()
                    + "\": the pattern has " + groups + " group(s)");
            }
            return new Rule(condition, unless, result, -1);
        }

        /** {@code [!...]<delimiter>pattern<delimiter>flags}: any number of {@code !}, each toggling negation. */
        Condition readPattern() {
            boolean negated = false;
            while (!atEnd() && (text.charAt(position) == '!' || LogicalLines.isSpace(text.charAt(position)))) {
                if (text.charAt(position) == '!') {
                    negated = !negated;
                }
                position++;
            }
            if (atEnd()) {
                throw line.error("no regexp");
            }
            char delimiter = text.charAt(position++);
            int start = position;
            while (!atEnd() && text.charAt(position) != delimiter) {
                if (text.charAt(position) == '\\' && position + 1 < text.length()) {
                    position++;
                }
                position++;
            }
            if (atEnd()) {
                throw line.error("no closing regexp delimiter \"" + delimiter + "\"");
            }
            String source = text.substring(start, position++);
            int flagsStart = position;
            while (!atEnd() && !LogicalLines.isSpace(text.charAt(position)) && text.charAt(position) != '!') {
                position++;
            }
            return new Condition(compile(source, text.substring(flagsStart, position)), negated);
        }

        private Pattern compile(String source, String flags) {
            try {
                return dialect == Dialect.POSIX ? compilePosix(source, flags) : compilePcre(source, flags);
            } catch (PatternSyntaxException e) {
                throw line.error("bad regular expression \"" + source + "\": " + e.getDescription(), e);
            }
        }

        /** Postfix's defaults: extended syntax, case-insensitive; i, m and x toggle them. */
        private Pattern compilePosix(String source, String flags) {
            boolean ignoreCase = true;
            boolean multiline = false;
            boolean extended = true;
            for (char flag : flags.toCharArray()) {
                switch (flag) {
                    case 'i' -> ignoreCase = !ignoreCase;
                    case 'm' -> multiline = !multiline;
                    case 'x' -> extended = !extended;
                    default -> throw line.error("unknown regexp option \"" + flag + "\" (regexp: tables accept "
                        + "i, m and x)");
                }
            }
            // Without m, POSIX "." matches a newline and only "\n" ends a line: DOTALL and UNIX_LINES.
            int javaFlags = Pattern.UNIX_LINES | (multiline ? Pattern.MULTILINE : Pattern.DOTALL)
                | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            return Pattern.compile(PosixRegexTranslator.fromPosix(source, extended, multiline), javaFlags);
        }

        /** Postfix's pcre defaults: case-insensitive; i, m, s and x toggle PCRE's options. */
        private Pattern compilePcre(String source, String flags) {
            int javaFlags = Pattern.CASE_INSENSITIVE;
            for (char flag : flags.toCharArray()) {
                switch (flag) {
                    case 'i' -> javaFlags ^= Pattern.CASE_INSENSITIVE;
                    case 'm' -> javaFlags ^= Pattern.MULTILINE;
                    case 's' -> javaFlags ^= Pattern.DOTALL;
                    case 'x' -> javaFlags ^= Pattern.COMMENTS;
                    default -> throw line.error("unknown pcre option \"" + flag + "\" (pcre: tables accept "
                        + "i, m, s and x)");
                }
            }
            return Pattern.compile(PosixRegexTranslator.fromPcre(source), javaFlags);
        }

        void skipSpace() {
            while (!atEnd() && LogicalLines.isSpace(text.charAt(position))) {
                position++;
            }
        }

        boolean atEnd() {
            return position >= text.length();
        }

        String rest() {
            return text.substring(position);
        }
    }
}
