package org.postern.policy.restriction.check;

import java.util.Optional;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.IpAddress;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.restriction.dns.DnsList;
import org.postern.policy.restriction.dns.DnsLookups;

/**
 * {@code reject_rbl_client zone[=filter]}: refuse a client whose reversed address is listed in the zone.
 * A list that cannot be reached is ignored (logged), as Postfix does: all mail must not stop because one
 * DNS list is down.
 */
public final class RejectRblClient implements Restriction {
    private final DnsList list;
    private final DnsLookups dns;

    public RejectRblClient(DnsList list, DnsLookups dns) {
        this.list = list;
        this.dns = dns;
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
            return DnsListReply.reject(context, list, "Client host", clientAddress,
                ((DnsList.Result.Listed) result).reason());
        }
        return Outcome.dunno();
    }
}
