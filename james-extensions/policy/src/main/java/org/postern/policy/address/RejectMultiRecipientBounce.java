package org.postern.policy.address;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.Restriction;

/** {@code reject_multi_recipient_bounce}: a bounce (null sender) has exactly one recipient. */
public final class RejectMultiRecipientBounce implements Restriction {
    private final AddressParameters parameters;

    public RejectMultiRecipientBounce(AddressParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public String name() {
        return "reject_multi_recipient_bounce";
    }

    @Override
    public Outcome check(CheckContext context) {
        boolean nullSender = context.transaction().sender().map(String::isEmpty).orElse(false);
        // At RCPT the count is of recipients already accepted; at DATA it includes them all.
        int allowed = context.transaction().protocolState() == ProtocolState.RCPT ? 0 : 1;
        if (nullSender && context.transaction().recipientCount() > allowed) {
            return context.rejectSubject(ErrorClass.POLICY, parameters.multiRecipientBounceRejectCode(),
                "5.5.3", "Multi-recipient bounce");
        }
        return Outcome.dunno();
    }
}
