package org.postern.policy.client;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.syntax.Networks;

/** {@code permit_mynetworks}: accept a client whose address is in {@code mynetworks}. */
public final class PermitMynetworks implements Restriction {
    private final Networks mynetworks;

    public PermitMynetworks(Networks mynetworks) {
        this.mynetworks = mynetworks;
    }

    @Override
    public String name() {
        return "permit_mynetworks";
    }

    @Override
    public Outcome check(CheckContext context) {
        return mynetworks.contains(context.transaction().clientAddress()) ? Outcome.permit() : Outcome.dunno();
    }
}
