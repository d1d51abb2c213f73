package org.postern.policy.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;

/**
 * A Postfix cidr_table(5) ({@code cidr:}):
 * <ul>
 *   <li>{@code network/prefix result} or a bare {@code address result}, IPv4 or IPv6, optionally inside
 *       {@code []}, optionally negated with a leading {@code !};</li>
 *   <li>{@code if network/prefix} ... {@code endif} blocks (nesting allowed), as in Postfix 3.2 and later;</li>
 *   <li>patterns are tried in file order and the first match wins;</li>
 *   <li>a network with bits set beyond its prefix ({@code 10.0.0.1/8}) is refused, as Postfix refuses it,
 *       with Postfix's hint ({@code perhaps you should use "10.0.0.0/8" instead});</li>
 *   <li>comments, blank lines and continuation lines as described in {@link LogicalLines}.</li>
 * </ul>
 * A key that is not an IP address matches nothing. The file is re-read when it changes.
 */
public final class CidrTable implements LookupTable {

    private final String reference;
    private final WatchedFile<List<CidrRule>> rules;

    private CidrTable(Path file, String reference, ReloadSchedule schedule) {
        this.reference = reference;
        this.rules = new WatchedFile<>(file, CidrTable::load, schedule);
    }

    /**
     * Reads the file now and watches it for changes.
     *
     * @throws InvalidConfigurationException when the file cannot be read or a line is malformed
     */
    public static CidrTable open(Path file, String reference) {
        return new CidrTable(file, reference, ReloadSchedule.everySecond());
    }

    static CidrTable open(Path file, String reference, ReloadSchedule schedule) {
        return new CidrTable(file, reference, schedule);
    }

    @Override
    public Optional<String> lookup(String key) {
        Optional<byte[]> address = IpAddresses.parse(key);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        List<CidrRule> current = rules.content();
        int index = 0;
        while (index < current.size()) {
            CidrRule rule = current.get(index);
            boolean matches = rule.pattern().matches(address.get());
            if (rule.isIf()) {
                index = matches ? index + 1 : rule.blockEnd();
            } else if (matches) {
                return Optional.of(rule.value());
            } else {
                index++;
            }
        }
        return Optional.empty();
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

    private static List<CidrRule> load(Path file) {
        List<CidrRule> rules = new ArrayList<>();
        IfBlocks blocks = new IfBlocks();
        for (LogicalLine line : LogicalLines.read(file)) {
            String text = LogicalLines.trim(line.text());
            if (IfBlocks.startsWithKeyword(text, "endif")) {
                if (!LogicalLines.trim(text.substring("endif".length())).isEmpty()) {
                    throw line.error("unexpected text after endif");
                }
                int ifIndex = blocks.close(line);
                rules.set(ifIndex, rules.get(ifIndex).endingAt(rules.size()));
            } else if (IfBlocks.startsWithKeyword(text, "if")) {
                String[] parts = splitKeyValue(LogicalLines.trim(text.substring("if".length())));
                if (parts[0].isEmpty()) {
                    throw line.error("no address pattern after if");
                }
                if (!parts[1].isEmpty()) {
                    throw line.error("unexpected text after the if pattern: \"" + parts[1] + "\" (a line that "
                        + "starts with whitespace continues the previous line: do not indent lines inside if)");
                }
                blocks.open(rules.size(), line);
                rules.add(new CidrRule(parse(line, parts[0]), null, -1));
            } else {
                String[] parts = splitKeyValue(text);
                if (parts[1].isEmpty()) {
                    throw line.error("no lookup result after \"" + parts[0] + "\"");
                }
                rules.add(new CidrRule(parse(line, parts[0]), parts[1], -1));
            }
        }
        blocks.checkAllClosed();
        return List.copyOf(rules);
    }

    private static CidrPattern parse(LogicalLine line, String pattern) {
        try {
            return CidrPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage());
        }
    }

    /** The pattern up to the first whitespace, and the rest trimmed. */
    private static String[] splitKeyValue(String text) {
        int end = 0;
        while (end < text.length() && !LogicalLines.isSpace(text.charAt(end))) {
            end++;
        }
        return new String[] {text.substring(0, end), LogicalLines.trim(text.substring(end))};
    }

    /** A match rule (value set) or an "if" rule (value null) whose block ends before {@code blockEnd}. */
    private record CidrRule(CidrPattern pattern, String value, int blockEnd) {

        boolean isIf() {
            return value == null;
        }

        CidrRule endingAt(int end) {
            return new CidrRule(pattern, value, end);
        }
    }
}
