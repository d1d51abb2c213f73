package org.postern.policy.relay;

import java.util.Optional;

import org.postern.policy.restriction.Destinations;
import org.postern.policy.syntax.EnvelopeAddress;

/**
 * Postfix's permit_auth_destination test: is a recipient one we may accept from anyone? Yes for a domain
 * we host or relay for, unless the local part routes the mail onwards ({@code user%elsewhere@ours}) and
 * allow_untrusted_routing is off. An address without a domain is ours (Postfix appends its own domain).
 */
public final class AuthorizedDestination {
    private final Destinations destinations;
    private final boolean allowUntrustedRouting;

    /** @param allowUntrustedRouting Postfix's allow_untrusted_routing */
    public AuthorizedDestination(Destinations destinations, boolean allowUntrustedRouting) {
        this.destinations = destinations;
        this.allowUntrustedRouting = allowUntrustedRouting;
    }

    public boolean isAuthorized(String recipient) {
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
