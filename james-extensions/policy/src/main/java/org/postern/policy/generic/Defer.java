package org.postern.policy.generic;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/** {@code defer}: {@code 450 4.3.2 <subject>: ... rejected: Try again later} (defer_code). */
public final class Defer implements Restriction {
    private final int code;

    public Defer(int code) {
        this.code = code;
    }

    @Override
    public String name() {
        return "defer";
    }

    @Override
    public boolean guardsRelay() {
        return true;
    }

    @Override
    public Outcome check(CheckContext context) {
        return context.rejectSubject(ErrorClass.POLICY, code, "4.3.2", "Try again later");
    }
}
