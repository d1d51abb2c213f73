package org.postern.policy.table;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Postfix's {@code recipient_delimiter}: the characters that separate a local part from its extension
 * ({@code user+ext}). Each character of the setting is a delimiter (Postfix 2.11 and later); an empty setting
 * means addresses have no extensions. Splits as Postfix's split_addr(3) does:
 * <ul>
 *   <li>at the first delimiter character of the local part;</li>
 *   <li>never {@code postmaster}, {@code mailer-daemon} or {@code double-bounce};</li>
 *   <li>when {@code -} is a delimiter, never {@code owner-*} nor {@code *-request} (owner_request_special,
 *       on by default);</li>
 *   <li>never when the local part would become empty ({@code +ext@example.com}).</li>
 * </ul>
 */
public final class RecipientDelimiter {

    private static final Set<String> NEVER_SPLIT = Set.of("postmaster", "mailer-daemon", "double-bounce");

    private final String delimiters;

    private RecipientDelimiter(String delimiters) {
        this.delimiters = delimiters;
    }

    /** @param delimiters the characters of the setting, e.g. {@code +} or {@code +-}; empty for none */
    public static RecipientDelimiter of(String delimiters) {
        return new RecipientDelimiter(delimiters == null ? "" : delimiters);
    }

    public static RecipientDelimiter none() {
        return new RecipientDelimiter("");
    }

    /**
     * The address (or {@code local@}, or bare local part) without its extension, e.g. {@code user@example.com}
     * for {@code user+ext@example.com}; empty when it has no extension to strip.
     */
    public Optional<String> strip(String address) {
        if (delimiters.isEmpty()) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        String localPart = at < 0 ? address : address.substring(0, at);
        String lowerCase = localPart.toLowerCase(Locale.ROOT);
        if (NEVER_SPLIT.contains(lowerCase)) {
            return Optional.empty();
        }
        if (delimiters.indexOf('-') >= 0 && (lowerCase.startsWith("owner-")
            || (lowerCase.length() > 8 && lowerCase.endsWith("-request")))) {
            return Optional.empty();
        }
        int split = firstDelimiter(localPart);
        if (split <= 0) {
            return Optional.empty();
        }
        return Optional.of(localPart.substring(0, split) + (at < 0 ? "" : address.substring(at)));
    }

    private int firstDelimiter(String localPart) {
        for (int i = 0; i < localPart.length(); i++) {
            if (delimiters.indexOf(localPart.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return delimiters;
    }
}
