package org.postern.policy.table;

import java.util.Arrays;
import java.util.Optional;

/**
 * IP address text as Postfix reads and writes it (inet_pton(3) and inet_ntop(3)), without any DNS lookup:
 * {@link java.net.InetAddress#getByName} would resolve anything that is not a literal, and accepts legacy
 * forms such as {@code 10.1} that Postfix refuses.
 */
final class IpAddresses {

    static final int IPV4_BYTES = 4;
    static final int IPV6_BYTES = 16;

    private IpAddresses() {
    }

    /** An IPv6 address when the text contains ':', otherwise an IPv4 address, as Postfix decides the family. */
    static Optional<byte[]> parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** Four decimal octets 0-255 separated by dots, no leading zeros (inet_pton's strict form). */
    static Optional<byte[]> parseIpv4(String text) {
        byte[] bytes = new byte[IPV4_BYTES];
        int octets = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (value == 0) {
                    return Optional.empty();
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return Optional.empty();
                }
            } else if (c == '.' && value >= 0 && octets < IPV4_BYTES) {
                bytes[octets++] = (byte) value;
                value = -1;
            } else {
                return Optional.empty();
            }
        }
        return octets == IPV4_BYTES ? Optional.of(bytes) : Optional.empty();
    }

    /** RFC 4291 text: up to eight groups of 1-4 hex digits, one optional "::", an optional dotted IPv4 tail. */
    static Optional<byte[]> parseIpv6(String text) {
        byte[] bytes = new byte[IPV6_BYTES];
        int length = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (text.startsWith(":")) {
            return Optional.empty();
        }
        while (i < text.length()) {
            int groupEnd = i;
            while (groupEnd < text.length() && isHexDigit(text.charAt(groupEnd))) {
                groupEnd++;
            }
            if (groupEnd < text.length() && text.charAt(groupEnd) == '.') {
                Optional<byte[]> ipv4 = parseIpv4(text.substring(i));
                if (ipv4.isEmpty() || length + IPV4_BYTES > IPV6_BYTES) {
                    return Optional.empty();
                }
                System.arraycopy(ipv4.get(), 0, bytes, length, IPV4_BYTES);
                length += IPV4_BYTES;
                i = text.length();
                break;
            }
            int digits = groupEnd - i;
            if (digits == 0 || digits > 4 || length + 2 > IPV6_BYTES) {
                return Optional.empty();
            }
            int group = Integer.parseInt(text, i, groupEnd, 16);
            bytes[length++] = (byte) (group >> 8);
            bytes[length++] = (byte) group;
            i = groupEnd;
            if (i == text.length()) {
                break;
            }
            if (text.startsWith("::", i)) {
                if (gap >= 0) {
                    return Optional.empty();
                }
                gap = length;
                i += 2;
            } else if (text.charAt(i) == ':' && i + 1 < text.length()) {
                i++;
            } else {
                return Optional.empty();
            }
        }
        if (gap >= 0) {
            if (length == IPV6_BYTES) {
                return Optional.empty();
            }
            int tail = length - gap;
            System.arraycopy(bytes, gap, bytes, IPV6_BYTES - tail, tail);
            Arrays.fill(bytes, gap, IPV6_BYTES - tail, (byte) 0);
        } else if (length != IPV6_BYTES) {
            return Optional.empty();
        }
        return Optional.of(bytes);
    }

    /**
     * The address as inet_ntop(3) writes it, which is the form Postfix looks up in access maps: dotted
     * decimal for IPv4; for IPv6 lower-case hex without leading zeros, the longest run of two or more zero
     * groups (the first of equal runs) written as "::", and {@code ::ffff:1.2.3.4} / {@code ::1.2.3.4} for
     * IPv4-mapped and IPv4-compatible addresses.
     */
    static String format(byte[] address) {
        if (address.length == IPV4_BYTES) {
            return formatIpv4(address, 0);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = ((address[2 * g] & 0xff) << 8) | (address[2 * g + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int g = 0; g < 8; g++) {
            int runEnd = g;
            while (runEnd < 8 && groups[runEnd] == 0) {
                runEnd++;
            }
            if (runEnd - g > bestLength) {
                bestStart = g;
                bestLength = runEnd - g;
            }
            g = Math.max(g, runEnd);
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (bestStart >= 0 && g >= bestStart && g < bestStart + bestLength) {
                if (g == bestStart) {
                    text.append(':');
                }
                continue;
            }
            if (g != 0) {
                text.append(':');
            }
            boolean embedsIpv4 = g == 6 && bestStart == 0
                && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xffff));
            if (embedsIpv4) {
                text.append(formatIpv4(address, 12));
                return text.toString();
            }
            text.append(Integer.toHexString(groups[g]));
        }
        if (bestStart >= 0 && bestStart + bestLength == 8) {
            text.append(':');
        }
        return text.toString();
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), if it is one. */
    static Optional<byte[]> unmapIpv4(byte[] address) {
        if (address.length != IPV6_BYTES) {
            return Optional.empty();
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return Optional.empty();
            }
        }
        if ((address[10] & 0xff) != 0xff || (address[11] & 0xff) != 0xff) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(address, 12, IPV6_BYTES));
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String formatIpv4(byte[] address, int offset) {
        return (address[offset] & 0xff) + "." + (address[offset + 1] & 0xff) + "."
            + (address[offset + 2] & 0xff) + "." + (address[offset + 3] & 0xff);
    }
}
