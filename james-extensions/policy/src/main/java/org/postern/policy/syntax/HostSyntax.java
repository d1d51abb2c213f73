package org.postern.policy.syntax;

import java.net.IDN;

/** Postfix's host name rules (valid_hostname, valid_mailhost_addr), without any DNS. */
public final class HostSyntax {
    private static final int MAX_NAME = 255;
    private static final int MAX_LABEL = 63;

    private HostSyntax() {
    }

    /**
     * Postfix's valid_hostname: letters, digits, hyphens (not at either end of a label) and underscores,
     * labels of 1 to 63 characters, at most 255 in all, and not all-numeric.
     */
    public static boolean isValidHostname(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        int labelLength = 0;
        boolean nonNumeric = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean last = i == name.length() - 1;
            if (isAsciiLetterOrDigit(c) || c == '_') {
                labelLength++;
                if (labelLength > MAX_LABEL) {
                    return false;
                }
                if (!(c >= '0' && c <= '9')) {
                    nonNumeric = true;
                }
            } else if (c == '.') {
                if (labelLength == 0 || last) {
                    return false;
                }
                labelLength = 0;
            } else if (c == '-') {
                labelLength++;
                nonNumeric = true;
                if (labelLength == 1 || last || name.charAt(i + 1) == '.') {
                    return false;
                }
            } else {
                return false;
            }
        }
        return nonNumeric;
    }

    /**
     * Postfix's valid_utf8_hostname: with SMTPUTF8 a non-ASCII name is judged by its ASCII (punycode)
     * form; without it a non-ASCII name is invalid.
     */
    public static boolean isValidHostname(String name, boolean smtpUtf8) {
        if (name.chars().allMatch(c -> c < 128)) {
            return isValidHostname(name);
        }
        if (!smtpUtf8) {
            return false;
        }
        try {
            return isValidHostname(IDN.toASCII(name, IDN.ALLOW_UNASSIGNED));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Postfix's valid_mailhost_addr: the inside of an address literal, IPv4 or {@code IPv6:}-prefixed IPv6. */
    public static boolean isValidMailhostAddress(String literal) {
        if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String address = literal.substring(5);
            return address.indexOf(':') >= 0 && IpAddress.isValid(address);
        }
        return literal.indexOf(':') < 0 && IpAddress.isValid(literal);
    }

    /** The name in ASCII (punycode) for a DNS query; unchanged when ASCII already or not convertible. */
    public static String asciiName(String name) {
        if (name.chars().allMatch(c -> c < 128)) {
            return name;
        }
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** A name without one trailing dot ({@code example.com.}); two dots are left alone, as Postfix does. */
    public static String withoutTrailingDot(String name) {
        if (name.length() > 1 && name.endsWith(".") && name.charAt(name.length() - 2) != '.') {
            return name.substring(0, name.length() - 1);
        }
        return name;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
