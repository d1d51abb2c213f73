package org.postern.policy.restriction.check;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code reject}: {@code 554 5.7.1 <subject>: ... rejected: Access denied} (reject_code). */
public final class Reject implements Restriction {
    @Override
    public String name() {
        return "reject";
    }

    @Override
    public Outcome check(CheckContext context) {
        return context.rejectSubject(ErrorClass.POLICY, context.settings().rejectCode(), "5.7.1", "Access denied");
    }
}
