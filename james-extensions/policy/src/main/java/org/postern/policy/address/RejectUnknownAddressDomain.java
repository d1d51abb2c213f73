package org.postern.policy.address;

import java.util.Optional;

import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.dns.MailExchanger;
import org.postern.policy.restriction.AddressRole;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.syntax.EnvelopeAddress;
import org.postern.policy.syntax.HostSyntax;

/**
 * {@code reject_unknown_sender_domain} / {@code reject_unknown_recipient_domain}: the address's domain
 * must have an MX or an A/AAAA record, Postfix's test that mail to it could be delivered (or a bounce
 * returned). Our own domains are not looked up. Replies, as Postfix's:
 * <ul>
 * <li>no such domain: {@code 450 4.1.8 <u@nx.test>: Sender address rejected: Domain not found}
 * (4.1.2 for a recipient; code unknown_address_reject_code);</li>
 * <li>null MX: {@code 550 5.7.27 ... Domain nx.test does not accept mail (nullMX)} for a sender,
 * {@code 556 5.1.10} for a recipient;</li>
 * <li>DNS failing: the "Domain not found" text with 450, under unknown_address_tempfail_action, never a
 * permanent rejection and never a silent accept.</li>
 * </ul>
 */
public final class RejectUnknownAddressDomain implements Restriction {
    private final AddressRole role;
    private final AddressParameters parameters;
    private final DnsLookups dns;
    private final Destinations destinations;

    public RejectUnknownAddressDomain(AddressRole role, AddressParameters parameters, DnsLookups dns,
                                      Destinations destinations) {
        this.role = role;
        this.parameters = parameters;
        this.dns = dns;
        this.destinations = destinations;
    }

    @Override
    public String name() {
        return "reject_unknown_" + role.word() + "_domain";
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> address = role.addressIn(context.transaction());
        if (address.isEmpty() || address.get().isEmpty()) {
            return Outcome.dunno();
        }
        EnvelopeAddress parsed = EnvelopeAddress.parse(address.get());
        Optional<String> domain = parsed.normalizedDomain();
        if (domain.isEmpty() || parsed.hasAddressLiteral() || destinations.isHosted(domain.get())) {
            return Outcome.dunno();
        }
        boolean sender = role == AddressRole.SENDER;
        String status = sender ? "4.1.8" : "4.1.2";
        String rejected = "<" + address.get() + ">: " + role.subjectClass() + " rejected: ";

        String query = HostSyntax.asciiName(domain.get());
        DnsAnswer<MailExchanger> exchangers = dns.mailExchangers(query);
        if (exchangers instanceof DnsAnswer.Found) {
            if (isNullMx((DnsAnswer.Found<MailExchanger>) exchangers)) {
                return context.reject(ErrorClass.POLICY, sender ? 550 : 556, sender ? "4.7.27" : "4.1.10",
                    rejected + "Domain " + domain.get() + " does not accept mail (nullMX)");
            }
            return Outcome.dunno();
        }
        DnsAnswer<?> addresses = dns.addresses(query);
        if (addresses.isFound()) {
            return Outcome.dunno();
        }
        if (exchangers.isTemporaryFailure() || addresses.isTemporaryFailure()) {
            return context.deferIfPermit(parameters.unknownAddressTempfailAction(), 450, status,
                rejected + "Domain not found");
        }
        return context.reject(ErrorClass.POLICY, parameters.unknownAddressRejectCode(), status,
            rejected + "Domain not found");
    }

    private static boolean isNullMx(DnsAnswer.Found<MailExchanger> exchangers) {
        return exchangers.records().size() == 1 && exchangers.records().get(0).isNullMx();
    }
}
