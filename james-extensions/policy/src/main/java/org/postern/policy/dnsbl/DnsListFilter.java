package org.postern.policy.dnsbl;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Which DNS list answers count as "listed": Postfix's {@code zone=d.d.d.d} filter, each octet a number,
 * or a bracketed list of numbers and ranges ({@code 127.0.0.[2..11;15]}). Without a filter we count only
 * 127.0.0.2 to 127.0.0.255, the range lists use for listings, so that the error codes some lists return
 * to over-quota or public resolvers (127.255.255.x) never reject mail. (Postfix itself counts any A record
 * when no filter is given.)
 */
public final class DnsListFilter {
    public static final DnsListFilter DEFAULT = parse("127.0.0.[2..255]");

    private final List<List<int[]>> octetRanges;
    private final String text;

    private DnsListFilter(List<List<int[]>> octetRanges, String text) {
        this.octetRanges = octetRanges;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code pattern} is not four octet patterns */
    public static DnsListFilter parse(String pattern) {
        List<String> octets = splitOctets(pattern);
        if (octets.size() != 4) {
            throw new IllegalArgumentException("'" + pattern + "' is not a d.d.d.d address pattern");
        }
        List<List<int[]>> ranges = new ArrayList<>();
        for (String octet : octets) {
            ranges.add(parseOctet(octet, pattern));
        }
        return new DnsListFilter(ranges, pattern);
    }

    public boolean matches(Inet4Address address) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 4; i++) {
            int value = bytes[i] & 0xff;
            if (octetRanges.get(i).stream().noneMatch(range -> value >= range[0] && value <= range[1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> splitOctets(String pattern) {
        List<String> octets = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == '.' && depth == 0) {
                octets.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        octets.add(current.toString());
        return octets;
    }

    private static List<int[]> parseOctet(String octet, String pattern) {
        List<int[]> ranges = new ArrayList<>();
        if (!octet.startsWith("[")) {
            int value = number(octet, pattern);
            ranges.add(new int[] {value, value});
            return ranges;
        }
        if (!octet.endsWith("]") || octet.length() < 3) {
            throw new IllegalArgumentException("'" + pattern + "': unbalanced brackets");
        }
        for (String element : octet.substring(1, octet.length() - 1).split(";", -1)) {
            int dots = element.indexOf("..");
            int low = number(dots < 0 ? element : element.substring(0, dots), pattern);
            int high = dots < 0 ? low : number(element.substring(dots + 2), pattern);
            if (low > high) {
                throw new IllegalArgumentException("'" + pattern + "': range " + element + " is empty");
            }
            ranges.add(new int[] {low, high});
        }
        return ranges;
    }

    private static int number(String text, String pattern) {
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) > 255) {
            throw new IllegalArgumentException("'" + pattern + "': '" + text + "' is not an octet value 0-255");
        }
        return Integer.parseInt(text);
    }
}
