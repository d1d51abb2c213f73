package org.postern.policy.relay;

import java.util.Optional;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code permit_auth_destination}: accept mail for a domain we host or relay for. */
public final class PermitAuthDestination implements Restriction {
    private final AuthorizedDestination authorized;

    public PermitAuthDestination(AuthorizedDestination authorized) {
        this.authorized = authorized;
    }

    @Override
    public String name() {
        return "permit_auth_destination";
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> recipient = context.transaction().recipient();
        if (recipient.isPresent()
            && authorized.isAuthorized(recipient.get())) {
            return Outcome.permit();
        }
        return Outcome.dunno();
    }
}
