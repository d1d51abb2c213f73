package org.postern.policy.generic;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code reject}: {@code 554 5.7.1 <subject>: ... rejected: Access denied} (reject_code). */
public final class Reject implements Restriction {
    private final int code;

    public Reject(int code) {
        this.code = code;
    }

    @Override
    public String name() {
        return "reject";
    }

    @Override
    public boolean guardsRelay() {
        return true;
    }

    @Override
    public Outcome check(CheckContext context) {
        return context.rejectSubject(ErrorClass.POLICY, code, "5.7.1", "Access denied");
    }
}
