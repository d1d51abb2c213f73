package org.postern.policy.table;

import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Rewrites the regular expressions of Postfix tables into java.util.regex syntax, so that patterns pasted from
 * a Postfix installation mean what they meant there.
 *
 * <p>regexp: tables use POSIX regular expressions (glibc's regcomp, which Postfix uses on Linux):
 * <ul>
 *   <li>bracket expressions: {@code [[:alpha:]]} classes, a leading {@code ]} is a literal, a backslash is a
 *       literal, {@code [} and {@code &} are literals (Java would read a union or an intersection);</li>
 *   <li>without the {@code m} flag, {@code $} matches only at the very end of the string (Java's {@code $}
 *       would also match before a final newline);</li>
 *   <li>GNU's {@code \<}, {@code \>}, {@code \`} and {@code \'} word and buffer anchors;</li>
 *   <li>basic syntax (the {@code x} flag turns extended syntax off): {@code \( \) \{ \} \| \+ \?} are the
 *       operators and their bare forms are literals; {@code *} at the start of an expression is a literal;
 *       {@code ^} and {@code $} are anchors only at the start and end of an expression.</li>
 * </ul>
 * pcre: tables are already close to Java; only {@code [:alpha:]} classes (and {@code [:^alpha:]}) inside
 * brackets, a leading {@code ]} and a literal {@code [} or {@code &} inside brackets need rewriting.
 *
 * <p>Not translated: POSIX's leftmost-longest choice between alternatives (Java takes the first alternative
 * that matches), which only changes what a {@code $n} substitution captures in rare patterns.
 */
final class PosixRegexTranslator {

    private static final Map<String, String> CLASSES = Map.ofEntries(
        Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("blank", "Blank"),
        Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"), Map.entry("graph", "Graph"),
        Map.entry("lower", "Lower"), Map.entry("print", "Print"), Map.entry("punct", "Punct"),
        Map.entry("space", "Space"), Map.entry("upper", "Upper"), Map.entry("xdigit", "XDigit"));

    private PosixRegexTranslator() {
    }

    /**
     * @param extended  POSIX extended syntax (Postfix's default) rather than basic syntax
     * @param multiline the {@code m} flag: {@code ^} and {@code $} also match at newlines
     * @throws PatternSyntaxException when a bracket expression is not closed or names an unknown class
     */
    static String fromPosix(String posix, boolean extended, boolean multiline) {
        StringBuilder java = new StringBuilder(posix.length() + 8);
        String endAnchor = multiline ? "$" : "\\z";
        boolean atExpressionStart = true;
        int i = 0;
        while (i < posix.length()) {
            char c = posix.charAt(i);
            boolean startsExpression = false;
            if (c == '\\') {
                if (i + 1 >= posix.length()) {
                    throw new PatternSyntaxException("trailing backslash", posix, i);
                }
                char escaped = posix.charAt(i + 1);
                i += 2;
                if (!extended && "(){}|+?".indexOf(escaped) >= 0) {
                    java.append(escaped);
                    startsExpression = escaped == '(' || escaped == '|';
                } else {
                    java.append(gnuEscape(escaped));
                }
            } else if (c == '[') {
                i = bracket(posix, i, java, false);
            } else if (extended) {
                java.append(c == '$' ? endAnchor : String.valueOf(c));
                i++;
            } else if (c == '^') {
                java.append(atExpressionStart ? "^" : "\\^");
                startsExpression = atExpressionStart;
                i++;
            } else if (c == '$') {
                boolean atExpressionEnd = i + 1 == posix.length()
                    || posix.startsWith("\\)", i + 1) || posix.startsWith("\\|", i + 1);
                java.append(atExpressionEnd ? endAnchor : "\\$");
                i++;
            } else if (c == '*' && atExpressionStart) {
                java.append("\\*");
                i++;
            } else if ("(){}|+?".indexOf(c) >= 0) {
                java.append('\\').append(c);
                i++;
            } else {
                java.append(c);
                i++;
            }
            atExpressionStart = startsExpression;
        }
        return java.toString();
    }

    /** A pcre: pattern in Java syntax: only bracket expressions need rewriting. */
    static String fromPcre(String pcre) {
        StringBuilder java = new StringBuilder(pcre.length() + 8);
        int i = 0;
        while (i < pcre.length()) {
            char c = pcre.charAt(i);
            if (c == '\\' && i + 1 < pcre.length()) {
                java.append(c).append(pcre.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                i = bracket(pcre, i, java, true);
            } else {
                java.append(c);
                i++;
            }
        }
        return java.toString();
    }

    private static String gnuEscape(char escaped) {
        return switch (escaped) {
            case '<' -> "\\b(?=\\w)";
            case '>' -> "\\b(?<=\\w)";
            case '`' -> "\\A";
            case '\'' -> "\\z";
            default -> "\\" + escaped;
        };
    }

    /**
     * Translates the bracket expression that starts at {@code open}; returns the index just past it.
     *
     * @param backslashEscapes true for PCRE, where a backslash escapes the next character inside brackets too
     */
    private static int bracket(String source, int open, StringBuilder java, boolean backslashEscapes) {
        int i = open + 1;
        java.append('[');
        if (i < source.length() && source.charAt(i) == '^') {
            java.append('^');
            i++;
        }
        if (i < source.length() && source.charAt(i) == ']') {
            java.append("\\]");
            i++;
        }
        while (i < source.length() && source.charAt(i) != ']') {
            char c = source.charAt(i);
            if (c == '[' && i + 1 < source.length() && ":=.".indexOf(source.charAt(i + 1)) >= 0) {
                char kind = source.charAt(i + 1);
                int close = source.indexOf(kind + "]", i + 2);
                if (close < 0) {
                    throw new PatternSyntaxException("unterminated [" + kind, source, i);
                }
                java.append(namedElement(source, i, kind, source.substring(i + 2, close), backslashEscapes));
                i = close + 2;
            } else if (c == '\\' && backslashEscapes && i + 1 < source.length()) {
                java.append(c).append(source.charAt(i + 1));
                i += 2;
            } else {
                java.append("\\[&^".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
                i++;
            }
        }
        if (i >= source.length()) {
            throw new PatternSyntaxException("unclosed bracket expression", source, open);
        }
        java.append(']');
        return i + 1;
    }

    private static String namedElement(String source, int at, char kind, String name, boolean pcre) {
        if (kind == ':') {
            boolean negated = pcre && name.startsWith("^");
            String className = CLASSES.get(negated ? name.substring(1) : name);
            if (className == null) {
                throw new PatternSyntaxException("unknown character class [:" + name + ":]", source, at);
            }
            return (negated ? "\\P{" : "\\p{") + className + "}";
        }
        if (name.length() != 1) {
            throw new PatternSyntaxException("unsupported collating element [" + kind + name + kind + "]",
                source, at);
        }
        char c = name.charAt(0);
        return "\\[&^]-".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }
}
