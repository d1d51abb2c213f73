package org.postern.policy.generic;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code defer_if_reject}: a later 5xx rejection in this list becomes a 450 deferral. */
public final class DeferIfReject implements Restriction {
    @Override
    public String name() {
        return "defer_if_reject";
    }

    @Override
    public Outcome check(CheckContext context) {
        context.deferIfReject(450, "4.7.0",
            "<" + context.subjectName() + ">: " + context.subjectClass() + " rejected: defer_if_reject requested");
        return Outcome.dunno();
    }
}
