package org.postern.smtp;

import java.util.Locale;
import java.util.Optional;

/**
 * The address of a MAIL FROM or RCPT TO argument exactly as the client wrote it ({@code FROM:<alice>}
 * gives {@code alice}; {@code FROM:<>} gives the null sender {@code ""}), because James appends its
 * default domain to bare addresses before the hooks see them.
 */
final class ClientAddress {
    private ClientAddress() {
    }

    /** @param prefix {@code FROM:} or {@code TO:} */
    static Optional<String> inArgument(String argument, String prefix) {
        String trimmed = argument.strip();
        if (!trimmed.toUpperCase(Locale.ROOT).startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = trimmed.substring(prefix.length()).strip();
        if (rest.startsWith("<")) {
            int end = rest.indexOf('>');
            return end < 0 ? Optional.empty() : Optional.of(withoutSourceRoute(rest.substring(1, end)));
        }
        int space = rest.indexOf(' ');
        return Optional.of(space < 0 ? rest : rest.substring(0, space));
    }

    /** {@code @a,@b:user@d} (RFC 5321 source route, ignored) gives {@code user@d}. */
    private static String withoutSourceRoute(String address) {
        if (address.startsWith("@")) {
            int colon = address.indexOf(':');
            return colon < 0 ? address : address.substring(colon + 1);
        }
        return address;
    }
}
