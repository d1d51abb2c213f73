package org.postern.policy.relay;

import java.util.Optional;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/**
 * {@code reject_unauth_destination}: refuse mail for domains we neither host nor relay for,
 * {@code 554 5.7.1 <x@y>: Relay access denied} (relay_domains_reject_code). {@code defer_unauth_destination}
 * answers the same with that code minus 100 and 4.7.1, so a misconfiguration delays mail instead of
 * bouncing it.
 */
public final class RejectUnauthDestination implements Restriction {
    private final AuthorizedDestination authorized;
    private final int rejectCode;
    private final boolean defer;

    /** @param rejectCode relay_domains_reject_code; defer_unauth_destination answers it minus 100 */
    public RejectUnauthDestination(AuthorizedDestination authorized, int rejectCode, boolean defer) {
        this.authorized = authorized;
        this.rejectCode = rejectCode;
        this.defer = defer;
    }

    @Override
    public boolean guardsRelay() {
        return true;
    }

    @Override
    public String name() {
        return defer ? "defer_unauth_destination" : "reject_unauth_destination";
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> recipient = context.transaction().recipient();
        if (recipient.isEmpty()
            || authorized.isAuthorized(recipient.get())) {
            return Outcome.dunno();
        }
        int code = rejectCode - (defer ? 100 : 0);
        return context.reject(ErrorClass.POLICY, code, defer ? "4.7.1" : "5.7.1",
            "<" + recipient.get() + ">: Relay access denied");
    }
}
