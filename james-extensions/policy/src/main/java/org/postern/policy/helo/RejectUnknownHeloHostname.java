package org.postern.policy.helo;

import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;

/**
 * {@code reject_unknown_helo_hostname}: the HELO name must have an A, AAAA or MX record, else
 * {@code 450 4.7.1 <name>: Helo command rejected: Host not found} (unknown_hostname_reject_code). When DNS
 * fails temporarily the same text is answered with 450 under unknown_helo_hostname_tempfail_action.
 */
public final class RejectUnknownHeloHostname extends HeloNameCheck {
    private final DnsLookups dns;

    public RejectUnknownHeloHostname(HeloParameters parameters, DnsLookups dns) {
        super(parameters);
        this.dns = dns;
    }

    @Override
    public String name() {
        return "reject_unknown_helo_hostname";
    }

    @Override
    Outcome checkName(CheckContext context, String helo) {
        DnsAnswer<?> addresses = dns.addresses(helo);
        if (addresses.isFound()) {
            return Outcome.dunno();
        }
        // An MTA name may have only an MX, even a null MX: that still proves the name exists.
        DnsAnswer<?> exchangers = dns.mailExchangers(helo);
        if (exchangers.isFound()) {
            return Outcome.dunno();
        }
        String text = "<" + helo + ">: Helo command rejected: Host not found";
        if (addresses.isTemporaryFailure() || exchangers.isTemporaryFailure()) {
            return context.deferIfPermit(parameters.tempfailAction(), 450, "4.7.1", text);
        }
        return context.reject(ErrorClass.POLICY, parameters.unknownHostnameRejectCode(), "4.7.1", text);
    }
}
