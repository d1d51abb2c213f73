package org.postern.policy.restriction.check;

import java.util.Optional;

import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.EnvelopeAddress;

/**
 * Postfix's permit_auth_destination test: is a recipient one we may accept from anyone? Yes for a domain
 * we host or relay for, unless the local part routes the mail onwards ({@code user%elsewhere@ours}) and
 * allow_untrusted_routing is off. An address without a domain is ours (Postfix appends its own domain).
 */
final class AuthorizedDestination {
    private AuthorizedDestination() {
    }

    static boolean isAuthorized(Destinations destinations, String recipient, boolean allowUntrustedRouting) {
        EnvelopeAddress address = EnvelopeAddress.parse(recipient);
        Optional<String> domain = address.normalizedDomain();
        if (domain.isEmpty()) {
            return true;
        }
        if (!allowUntrustedRouting && address.isSourceRouted()) {
            return false;
        }
        return destinations.isHosted(domain.get()) || destinations.isRelayed(domain.get());
    }
}
