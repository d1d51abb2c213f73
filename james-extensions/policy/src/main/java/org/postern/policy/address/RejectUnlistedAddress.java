package org.postern.policy.address;

import java.util.Optional;

import org.postern.policy.restriction.AddressRole;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.syntax.EnvelopeAddress;
import org.postern.policy.virtual.Expansion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reject_unlisted_recipient} / {@code reject_unlisted_sender}, Postfix's check of the recipient maps
 * (smtpd_check.c check_rcpt_maps), in its order:
 * <ol>
 * <li>an address in relocated_maps ({@code user+ext@domain}, {@code user@domain}, {@code @domain}):
 *     {@code 550 5.1.6 <x@y>: Recipient address rejected: User has moved to new@z};</li>
 * <li>in a domain we host, an address that reaches no mailbox: {@code 550 5.1.1 <x@y>: Recipient address rejected:
 *     User unknown in virtual mailbox table} (unknown_virtual_mailbox_reject_code; 5.1.0 for a sender); an alias
 *     that is an error: {@code 550 5.1.1} with that error's text; aliases that loop or expand beyond reason:
 *     {@code 451 4.4.6 ... Mail forwarding loop} / {@code 451 4.5.3 ... Alias expands to too many recipients}
 *     (temporary: the configuration is wrong, and the mail waits at the sender's until it is fixed).</li>
 * </ol>
 * Rejecting here, before DATA, is what keeps us from accepting mail we would have to bounce.
 */
public final class RejectUnlistedAddress implements Restriction {
    private static final Logger LOGGER = LoggerFactory.getLogger(RejectUnlistedAddress.class);

    private final AddressRole role;
    private final AddressParameters parameters;
    private final LocalRecipients recipients;
    private final RelocatedUsers relocated;

    public RejectUnlistedAddress(AddressRole role, AddressParameters parameters, LocalRecipients recipients,
                                 RelocatedUsers relocated) {
        this.role = role;
        this.parameters = parameters;
        this.recipients = recipients;
        this.relocated = relocated;
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
        String rejected = "<" + address.get() + ">: " + role.subjectClass() + " rejected: ";
        Optional<String> moved = relocated.movedTo(address.get());
        if (moved.isPresent()) {
            return context.reject(ErrorClass.BOUNCE, 550, "5.1.6", rejected + "User has moved to " + moved.get());
        }
        Optional<String> domain = EnvelopeAddress.parse(address.get()).normalizedDomain();
        if (domain.isEmpty() || !recipients.isHostedDomain(domain.get())) {
            return Outcome.dunno();
        }
        Expansion expansion = recipients.expand(address.get(), parameters.virtual());
        switch (expansion.status()) {
            case DELIVERED:
                return Outcome.dunno();
            case UNKNOWN:
                String table = parameters.showUserUnknownTableName() ? " in virtual mailbox table" : "";
                return context.reject(ErrorClass.BOUNCE, parameters.unknownVirtualMailboxRejectCode(),
                    role == AddressRole.SENDER ? "5.1.0" : "5.1.1", rejected + "User unknown" + table);
            default:
                break;
        }
        if (role == AddressRole.SENDER) {
            // it exists: what mail to it would do is the recipient's business
            return Outcome.dunno();
        }
        switch (expansion.status()) {
            case REFUSED:
                return context.reject(ErrorClass.BOUNCE, 550, "5.1.1", rejected + expansion.detail());
            case LOOP:
                LOGGER.warn("virtual aliases of {} loop: {}; mail to it is deferred until they are fixed", address.get(),
                    expansion.detail());
                return context.reject(ErrorClass.SOFTWARE, 451, "4.4.6", rejected + "Mail forwarding loop");
            default:
                LOGGER.warn("{}; mail to it is deferred until the aliases are fixed", expansion.detail());
                return context.reject(ErrorClass.SOFTWARE, 451, "4.5.3", rejected + "Alias expands to too many recipients");
        }
    }
}
