package org.postern.policy.dnsbl;

import java.util.Optional;

import org.postern.policy.dns.DnsLookups;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.syntax.HostSyntax;

/**
 * {@code reject_rhsbl_client}, {@code reject_rhsbl_helo}, {@code reject_rhsbl_sender},
 * {@code reject_rhsbl_recipient}: refuse when the domain of the client name, HELO name, sender or
 * recipient is listed in a domain-based list. Names ending in a numeric label are not queried (some lists
 * refuse "IP queries"), nor are address literals.
 */
public final class RejectRhsbl implements Restriction {

    public enum Target {
        CLIENT("client", "Client host"),
        HELO("helo", "Helo command"),
        SENDER("sender", "Sender address"),
        RECIPIENT("recipient", "Recipient address");

        private final String word;
        private final String subjectClass;

        Target(String word, String subjectClass) {
            this.word = word;
            this.subjectClass = subjectClass;
        }

        Optional<String> valueIn(SmtpTransaction transaction) {
            switch (this) {
                case CLIENT:
                    return Optional.of(transaction.clientName()).filter(name -> !name.equalsIgnoreCase(SmtpTransaction.UNKNOWN));
                case HELO:
                    return transaction.heloName();
                case SENDER:
                    return transaction.sender().filter(sender -> !sender.isEmpty());
                default:
                    return transaction.recipient();
            }
        }
    }

    private final Target target;
    private final DnsList list;
    private final DnsLookups dns;
    private final int rejectCode;

    /** @param rejectCode maps_rbl_reject_code */
    public RejectRhsbl(Target target, DnsList list, DnsLookups dns, int rejectCode) {
        this.target = target;
        this.list = list;
        this.dns = dns;
        this.rejectCode = rejectCode;
    }

    @Override
    public String name() {
        return "reject_rhsbl_" + target.word + " " + list;
    }

    @Override
    public boolean needsClientHostname() {
        return target == Target.CLIENT;
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> what = target.valueIn(context.transaction());
        Optional<String> domain = what.flatMap(RejectRhsbl::queryableDomain);
        if (domain.isEmpty()) {
            return Outcome.dunno();
        }
        DnsList.Result result = list.query(dns, domain.get());
        if (result instanceof DnsList.Result.Unavailable) {
            DnsListWarning.unavailable(name(), (DnsList.Result.Unavailable) result);
            return Outcome.dunno();
        }
        if (result instanceof DnsList.Result.Listed) {
            return DnsListReply.reject(context, rejectCode, list, target.subjectClass, what.get(),
                ((DnsList.Result.Listed) result).reason());
        }
        return Outcome.dunno();
    }

    /** Postfix's find_dnsxl_domain: the part after '@', if it is a host name not ending in digits. */
    static Optional<String> queryableDomain(String what) {
        int at = what.lastIndexOf('@');
        String domain = HostSyntax.asciiName(HostSyntax.withoutTrailingDot(at < 0 ? what : what.substring(at + 1)));
        if (domain.isEmpty() || domain.startsWith("[")) {
            return Optional.empty();
        }
        String lastLabel = domain.substring(domain.lastIndexOf('.') + 1);
        if (lastLabel.chars().allMatch(Character::isDigit) || !HostSyntax.isValidHostname(domain)) {
            return Optional.empty();
        }
        return Optional.of(domain);
    }
}
