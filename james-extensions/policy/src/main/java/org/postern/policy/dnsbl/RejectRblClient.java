package org.postern.policy.dnsbl;

import java.util.Optional;

import org.postern.policy.dns.DnsLookups;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.syntax.IpAddress;

/**
 * {@code reject_rbl_client zone[=filter]}: refuse a client whose reversed address is listed in the zone.
 * A list that cannot be reached is ignored (logged), as Postfix does: all mail must not stop because one
 * DNS list is down.
 */
public final class RejectRblClient implements Restriction {
    private final DnsList list;
    private final DnsLookups dns;
    private final int rejectCode;

    /** @param rejectCode maps_rbl_reject_code */
    public RejectRblClient(DnsList list, DnsLookups dns, int rejectCode) {
        this.list = list;
        this.dns = dns;
        this.rejectCode = rejectCode;
    }

    @Override
    public String name() {
        return "reject_rbl_client " + list;
    }

    @Override
    public Outcome check(CheckContext context) {
        String clientAddress = context.transaction().clientAddress();
        Optional<IpAddress> address = IpAddress.parse(clientAddress);
        if (address.isEmpty()) {
            return Outcome.dunno();
        }
        DnsList.Result result = list.query(dns, address.get().reversedForDnsList());
        if (result instanceof DnsList.Result.Unavailable) {
            DnsListWarning.unavailable(name(), (DnsList.Result.Unavailable) result);
            return Outcome.dunno();
        }
        if (result instanceof DnsList.Result.Listed) {
            return DnsListReply.reject(context, rejectCode, list, "Client host", clientAddress,
                ((DnsList.Result.Listed) result).reason());
        }
        return Outcome.dunno();
    }
}
