package org.postern.policy.client;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code permit_sasl_authenticated}: accept a client that logged in. */
public final class PermitSaslAuthenticated implements Restriction {
    @Override
    public String name() {
        return "permit_sasl_authenticated";
    }

    @Override
    public Outcome check(CheckContext context) {
        return context.transaction().isAuthenticated() ? Outcome.permit() : Outcome.dunno();
    }
}
