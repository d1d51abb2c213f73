package org.postern.policy.syntax;

/**
 * RFC 5321's Mailbox ({@code Local-part "@" Domain}), for addresses an admin writes as a destination (alias
 * targets, REDIRECT and BCC): a dot-atom or quoted local part of at most 64 characters, and a domain of
 * letters, digits and hyphens (no underscore, no trailing dot) or an IPv4 address literal. Stricter than what
 * Postfix lets through, so that every address it accepts is one James can deliver to.
 */
public final class MailboxSyntax {
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_LABEL = 63;
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private MailboxSyntax() {
    }

    public static boolean isValid(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return false;
        }
        return isLocalPart(address.substring(0, at)) && isDomain(address.substring(at + 1));
    }

    /** Why {@code address} is not a mailbox, for a message; empty string when it is one. */
    public static String problem(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "\"" + address + "\" is not an address such as user@example.com";
        }
        if (!isLocalPart(address.substring(0, at))) {
            return "\"" + address + "\": the part before @ must be letters, digits and " + ATEXT_SPECIALS
                + " separated by single dots, or a quoted string, of at most " + MAX_LOCAL_PART + " characters";
        }
        if (!isDomain(address.substring(at + 1))) {
            return "\"" + address + "\": the domain must be a host name (letters, digits, hyphens and dots) or an IPv4 address literal";
        }
        return "";
    }

    private static boolean isLocalPart(String local) {
        if (local.length() > MAX_LOCAL_PART) {
            return false;
        }
        if (local.length() > 2 && local.charAt(0) == '"' && local.charAt(local.length() - 1) == '"') {
            return isQuotedContent(local.substring(1, local.length() - 1));
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        return local.chars().allMatch(c -> c == '.' || isAtext(c));
    }

    /** qtextSMTP and quoted-pairSMTP (RFC 5321 section 4.1.2). */
    private static boolean isQuotedContent(String content) {
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\') {
                i++;
                if (i == content.length() || content.charAt(i) < 32 || content.charAt(i) > 126) {
                    return false;
                }
            } else if (c < 32 || c > 126 || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static boolean isDomain(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            // James's MailAddress takes IPv4 literals only
            String literal = domain.substring(1, domain.length() - 1);
            return literal.indexOf(':') < 0 && HostSyntax.isValidMailhostAddress(literal);
        }
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")
                || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
