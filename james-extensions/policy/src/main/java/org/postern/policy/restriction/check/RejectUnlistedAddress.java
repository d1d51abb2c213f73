package org.postern.policy.restriction.check;

import java.util.Optional;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.EnvelopeAddress;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.LocalRecipients;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/**
 * {@code reject_unlisted_recipient} / {@code reject_unlisted_sender}: an address in a domain we host must
 * belong to a known user or alias, else {@code 550 5.1.1 <x@y>: Recipient address rejected: User unknown in
 * virtual mailbox table} (unknown_virtual_mailbox_reject_code; 5.1.0 for a sender). Rejecting here, before
 * DATA, is what keeps us from accepting mail we would have to bounce.
 */
public final class RejectUnlistedAddress implements Restriction {
    private final AddressRole role;
    private final LocalRecipients recipients;

    public RejectUnlistedAddress(AddressRole role, LocalRecipients recipients) {
        this.role = role;
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "reject_unlisted_" + role.word();
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> address = role.addressIn(context.transaction());
        if (address.isEmpty() || address.get().isEmpty()
            || !context.claimAddressValidation(role == AddressRole.SENDER)) {
            return Outcome.dunno();
        }
        Optional<String> domain = EnvelopeAddress.parse(address.get()).normalizedDomain();
        if (domain.isEmpty() || !recipients.isHostedDomain(domain.get())
            || recipients.isKnownRecipient(address.get())) {
            return Outcome.dunno();
        }
        String table = context.settings().showUserUnknownTableName() ? " in virtual mailbox table" : "";
        return context.reject(ErrorClass.BOUNCE, context.settings().unknownVirtualMailboxRejectCode(),
            role == AddressRole.SENDER ? "5.1.0" : "5.1.1",
            "<" + address.get() + ">: " + role.subjectClass() + " rejected: User unknown" + table);
    }
}
