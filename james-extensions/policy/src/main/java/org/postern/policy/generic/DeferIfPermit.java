package org.postern.policy.generic;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.restriction.TempfailAction;

/** {@code defer_if_permit}: answer 450 if the restrictions end up accepting the request. */
public final class DeferIfPermit implements Restriction {
    @Override
    public String name() {
        return "defer_if_permit";
    }

    @Override
    public boolean guardsRelay() {
        return true;
    }

    @Override
    public Outcome check(CheckContext context) {
        return context.deferIfPermit(TempfailAction.DEFER_IF_PERMIT, 450, "4.7.0",
            "<" + context.subjectName() + ">: " + context.subjectClass() + " rejected: defer_if_permit requested");
    }
}
