package org.postern.policy.syntax;

import java.util.Locale;
import java.util.Optional;

/**
 * A MAIL FROM or RCPT TO address split at its last {@code @}: {@code "john@doe"@example.com} has the
 * domain {@code example.com}. An address without {@code @} has no domain (Postfix would append its own).
 */
public record EnvelopeAddress(String localPart, Optional<String> domain) {

    public static EnvelopeAddress parse(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return new EnvelopeAddress(address, Optional.empty());
        }
        return new EnvelopeAddress(address.substring(0, at), Optional.of(address.substring(at + 1)));
    }

    /** The domain as destinations are looked up: lower case, no trailing dot. */
    public Optional<String> normalizedDomain() {
        return domain.map(d -> HostSyntax.withoutTrailingDot(d).toLowerCase(Locale.ROOT));
    }

    /** True for an address literal such as {@code user@[192.0.2.1]}. */
    public boolean hasAddressLiteral() {
        return domain.map(d -> d.startsWith("[")).orElse(false);
    }

    /**
     * True when the local part routes elsewhere ({@code user%other@here}, {@code user!other@here},
     * {@code @a:user@b}): Postfix does not let untrusted clients relay that way.
     */
    public boolean isSourceRouted() {
        return localPart.indexOf('%') >= 0 || localPart.indexOf('!') >= 0 || localPart.indexOf('@') >= 0
            || localPart.startsWith("@");
    }
}
