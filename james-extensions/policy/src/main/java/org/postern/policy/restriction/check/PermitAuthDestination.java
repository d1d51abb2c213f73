package org.postern.policy.restriction.check;

import java.util.Optional;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code permit_auth_destination}: accept mail for a domain we host or relay for. */
public final class PermitAuthDestination implements Restriction {
    private final Destinations destinations;

    public PermitAuthDestination(Destinations destinations) {
        this.destinations = destinations;
    }

    @Override
    public String name() {
        return "permit_auth_destination";
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> recipient = context.transaction().recipient();
        if (recipient.isPresent()
            && AuthorizedDestination.isAuthorized(destinations, recipient.get(), context.settings().allowUntrustedRouting())) {
            return Outcome.permit();
        }
        return Outcome.dunno();
    }
}
