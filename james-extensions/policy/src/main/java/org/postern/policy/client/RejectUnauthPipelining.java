package org.postern.policy.client;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/**
 * {@code reject_unauth_pipelining}: refuses a client that sent commands before it was allowed to (a
 * spamware shortcut): {@code 503 5.5.0 <subject>: ... rejected: Improper use of SMTP command pipelining}.
 */
public final class RejectUnauthPipelining implements Restriction {
    @Override
    public String name() {
        return "reject_unauth_pipelining";
    }

    @Override
    public Outcome check(CheckContext context) {
        if (!context.transaction().illegalPipelining()) {
            return Outcome.dunno();
        }
        return context.rejectSubject(ErrorClass.PROTOCOL, 503, "5.5.0", "Improper use of SMTP command pipelining");
    }
}
