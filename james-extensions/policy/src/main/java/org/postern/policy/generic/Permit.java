package org.postern.policy.generic;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code permit}: accept; the rest of this list is skipped (later stages still run). */
public final class Permit implements Restriction {
    @Override
    public String name() {
        return "permit";
    }

    @Override
    public Outcome check(CheckContext context) {
        return Outcome.permit();
    }
}
