package org.postern.policy.address;

import java.util.Optional;

import org.postern.policy.restriction.AddressRole;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.syntax.EnvelopeAddress;
import org.postern.policy.syntax.HostSyntax;

/**
 * {@code reject_non_fqdn_sender} / {@code reject_non_fqdn_recipient}: the address must have a
 * fully-qualified domain, else {@code 504 5.5.2 <alice>: Recipient address rejected: need fully-qualified
 * address} (non_fqdn_reject_code). Address literals and the null sender pass. It judges the address as the
 * client wrote it, before the default domain is appended to a bare recipient.
 */
public final class RejectNonFqdnAddress implements Restriction {
    private final AddressRole role;
    private final AddressParameters parameters;

    public RejectNonFqdnAddress(AddressRole role, AddressParameters parameters) {
        this.role = role;
        this.parameters = parameters;
    }

    @Override
    public String name() {
        return "reject_non_fqdn_" + role.word();
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> address = role.addressAsSentIn(context.transaction());
        if (address.isEmpty() || address.get().isEmpty()) {
            return Outcome.dunno();
        }
        EnvelopeAddress parsed = EnvelopeAddress.parse(address.get());
        if (parsed.hasAddressLiteral()) {
            return Outcome.dunno();
        }
        String domain = HostSyntax.withoutTrailingDot(parsed.domain().orElse(""));
        if (!domain.isEmpty() && HostSyntax.isValidHostname(domain, context.transaction().smtpUtf8())
            && domain.indexOf('.') >= 0) {
            return Outcome.dunno();
        }
        return context.reject(ErrorClass.POLICY, parameters.nonFqdnRejectCode(), "4.5.2",
            "<" + address.get() + ">: " + role.subjectClass() + " rejected: need fully-qualified address");
    }
}
