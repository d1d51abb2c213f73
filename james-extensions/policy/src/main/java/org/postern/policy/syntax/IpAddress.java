package org.postern.policy.syntax;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address parsed without any name lookup. An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) is the IPv4 address, as Postfix treats it.
 */
public final class IpAddress {
    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address, or empty when {@code text} is not a numeric IPv4 or IPv6 address. */
    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') >= 0) {
            if (!isIpv6Syntax(text)) {
                return Optional.empty();
            }
            try {
                // Safe: the syntax check above guarantees a literal, so no DNS query is made.
                return Optional.of(new IpAddress(InetAddress.getByName(text).getAddress()));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return ipv4Bytes(text).map(IpAddress::new);
    }

    /** True for Postfix's valid_hostaddr: a numeric IPv4 or IPv6 address. */
    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    public boolean isIpv4() {
        return bytes.length == 4;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The DNS list query prefix: IPv4 octets reversed ({@code 2.0.0.127}), IPv6 nibbles reversed
     * ({@code 1.0.0.0....8.b.d.0.1.0.0.2}), without a trailing dot.
     */
    public String reversedForDnsList() {
        StringBuilder query = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int value = bytes[i] & 0xff;
            if (isIpv4()) {
                query.append(value).append('.');
            } else {
                query.append(Character.forDigit(value & 0xf, 16)).append('.')
                    .append(Character.forDigit(value >> 4, 16)).append('.');
            }
        }
        return query.substring(0, query.length() - 1);
    }

    /** True when the first {@code prefixLength} bits equal those of {@code network}. */
    boolean sharesPrefix(IpAddress network, int prefixLength) {
        if (network.bytes.length != bytes.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != network.bytes[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (bytes[fullBytes] & mask) == (network.bytes[fullBytes] & mask);
    }

    /** The address with every bit after {@code prefixLength} cleared. */
    public IpAddress network(int prefixLength) {
        byte[] masked = bytes.clone();
        for (int bit = prefixLength; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return new IpAddress(masked);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress && Arrays.equals(bytes, ((IpAddress) other).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<byte[]> ipv4Bytes(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        byte[] result = new byte[4];
        for (int i = 0; i < 4; i++) {
            String octet = octets[i];
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(octet);
            if (value > 255) {
                return Optional.empty();
            }
            result[i] = (byte) value;
        }
        return Optional.of(result);
    }

    /** Postfix's valid_ipv6_hostaddr: eight hex fields, or fewer with one {@code ::}, optionally ending in IPv4. */
    private static boolean isIpv6Syntax(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int headFields = fieldCount(head, doubleColon < 0);
        int tailFields = fieldCount(tail, true);
        if (headFields < 0 || tailFields < 0) {
            return false;
        }
        int total = headFields + tailFields;
        return doubleColon >= 0 ? total <= 7 : total == 8;
    }

    private static int fieldCount(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        int fields = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (mayEndInIpv4 && i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (ipv4Bytes(group).isEmpty()) {
                    return -1;
                }
                fields += 2;
            } else if (group.isEmpty() || group.length() > 4
                || !group.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
                return -1;
            } else {
                fields++;
            }
        }
        return fields;
    }
}
