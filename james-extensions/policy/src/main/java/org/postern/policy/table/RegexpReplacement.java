package org.postern.policy.table;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * The result text of a regexp table rule, with {@code $1}, {@code ${1}} or {@code $(1)} replaced by what the
 * pattern's groups captured and {@code $$} standing for one {@code $}. Parsed with Postfix's mac_parse(3)
 * rules: a name after {@code $} runs over letters, digits and underscores, so {@code $1abc} is the
 * non-numeric name {@code 1abc} (an error; write {@code ${1}abc}) and a lone {@code $} is an error.
 * A group that matched nothing, or did not take part in the match, is replaced by nothing.
 */
final class RegexpReplacement {

    /** Literal text (group 0) or a group reference (number at least 1). */
    private record Part(String text, int group) {
    }

    private final List<Part> parts;
    private final int highestGroup;

    private RegexpReplacement(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.highestGroup = parts.stream().mapToInt(Part::group).max().orElse(0);
    }

    /** @throws IllegalArgumentException with the reason when the text is malformed */
    static RegexpReplacement parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            i++;
            String name;
            if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '(')) {
                char open = text.charAt(i);
                char close = open == '{' ? '}' : ')';
                int level = 1;
                int start = ++i;
                while (level > 0) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("truncated macro reference: \"" + text + "\"");
                    }
                    char d = text.charAt(i++);
                    if (d == open) {
                        level++;
                    } else if (d == close) {
                        level--;
                    }
                }
                name = text.substring(start, i - 1);
            } else {
                int start = i;
                while (i < text.length() && isNameCharacter(text.charAt(i))) {
                    i++;
                }
                name = text.substring(start, i);
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty macro name in \"" + text + "\" (write $1, ${1} or $(1) "
                    + "for a group, $$ for a $ sign)");
            }
            if (!name.chars().allMatch(d -> d >= '0' && d <= '9')) {
                throw new IllegalArgumentException("non-numeric replacement index \"" + name + "\"");
            }
            int group = name.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(name);
            if (group < 1 || group == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("out-of-range replacement index \"" + name + "\"");
            }
            if (literal.length() > 0) {
                parts.add(new Part(literal.toString(), 0));
                literal.setLength(0);
            }
            parts.add(new Part(null, group));
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), 0));
        }
        return new RegexpReplacement(parts);
    }

    /** The largest group number used, 0 when the text has no substitution. */
    int highestGroup() {
        return highestGroup;
    }

    /** The result for a match (which may be null when {@link #highestGroup()} is 0). */
    String expand(MatchResult match) {
        StringBuilder result = new StringBuilder();
        for (Part part : parts) {
            if (part.group() == 0) {
                result.append(part.text());
            } else {
                String captured = match.group(part.group());
                if (captured != null) {
                    result.append(captured);
                }
            }
        }
        return result.toString();
    }

    private static boolean isNameCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
