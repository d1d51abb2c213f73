package org.postern.policy.table;

import java.util.Arrays;

/**
 * One pattern of a cidr table: {@code address}, {@code address/prefix}, either optionally inside {@code []},
 * optionally preceded by {@code !} to negate it. Parsed and matched as Postfix's cidr_match.c does, with its
 * error wording.
 */
final class CidrPattern {

    private final byte[] network;
    private final byte[] mask;
    private final boolean negated;

    private CidrPattern(byte[] network, byte[] mask, boolean negated) {
        this.network = network;
        this.mask = mask;
        this.negated = negated;
    }

    /** @throws IllegalArgumentException with Postfix's reason when the pattern is malformed */
    static CidrPattern parse(String text) {
        boolean negated = false;
        String pattern = text;
        while (pattern.startsWith("!")) {
            negated = !negated;
            pattern = pattern.substring(1);
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("no address pattern");
        }
        int maskSearchFrom = 0;
        if (pattern.startsWith("[")) {
            int close = pattern.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' character after \"" + pattern + "\"");
            }
            String inside = pattern.substring(1, close);
            String after = pattern.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith("/")) {
                throw new IllegalArgumentException("garbage after \"[" + inside + "]\"");
            }
            pattern = inside + after;
            maskSearchFrom = inside.length();
        }
        int slash = pattern.indexOf('/', maskSearchFrom);
        if (slash < 0) {
            byte[] address = IpAddresses.parse(pattern).orElse(null);
            if (address == null) {
                throw new IllegalArgumentException("bad address pattern: \"" + pattern + "\"");
            }
            byte[] allOnes = new byte[address.length];
            Arrays.fill(allOnes, (byte) 0xff);
            return new CidrPattern(address, allOnes, negated);
        }
        String addressText = pattern.substring(0, slash);
        String prefixText = pattern.substring(slash + 1);
        int bytes = addressText.indexOf(':') >= 0 ? IpAddresses.IPV6_BYTES : IpAddresses.IPV4_BYTES;
        byte[] address = IpAddresses.parse(addressText).orElse(null);
        if (address == null || !isDigits(prefixText) || prefixText.length() > 3
            || Integer.parseInt(prefixText) > bytes * 8) {
            throw new IllegalArgumentException("bad net/mask pattern: \"" + addressText + "/" + prefixText + "\"");
        }
        int prefix = Integer.parseInt(prefixText);
        byte[] mask = maskOf(bytes, prefix);
        byte[] network = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            network[i] = (byte) (address[i] & mask[i]);
        }
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("non-null host address bits in \"" + addressText + "/" + prefixText
                + "\", perhaps you should use \"" + IpAddresses.format(network) + "/" + prefix + "\" instead");
        }
        return new CidrPattern(network, mask, negated);
    }

    /**
     * Whether the address matches. An address of the other family never matches, not even a negated pattern,
     * as in Postfix.
     */
    boolean matches(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        for (int i = 0; i < address.length; i++) {
            if ((address[i] & mask[i]) != network[i]) {
                return negated;
            }
        }
        return !negated;
    }

    private static byte[] maskOf(int bytes, int prefix) {
        byte[] mask = new byte[bytes];
        for (int bit = 0; bit < prefix; bit++) {
            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return mask;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
