package org.postern.policy.dnsbl;

import java.util.Optional;

import org.postern.policy.dns.DnsLookups;
import org.postern.policy.relay.AuthorizedDestination;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.syntax.IpAddress;

/**
 * {@code permit_dnswl_client zone[=filter]}: accept a client listed in a DNS allow list. For safety it
 * never allows a recipient we are not a destination for (an allow-listed host is no licence to relay).
 * When the list cannot be reached, a later 5xx rejection in the list is turned into
 * {@code 450 4.7.1 <addr>: Client host rejected: Service unavailable}: we could not tell whether the client
 * was allowed.
 */
public final class PermitDnswlClient implements Restriction {
    private final DnsList list;
    private final DnsLookups dns;
    private final AuthorizedDestination authorized;

    public PermitDnswlClient(DnsList list, DnsLookups dns, AuthorizedDestination authorized) {
        this.list = list;
        this.dns = dns;
        this.authorized = authorized;
    }

    @Override
    public String name() {
        return "permit_dnswl_client " + list;
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> recipient = context.transaction().recipient();
        if (context.transaction().protocolState() == ProtocolState.RCPT && recipient.isPresent()
            && !authorized.isAuthorized(recipient.get())) {
            return Outcome.dunno();
        }
        String clientAddress = context.transaction().clientAddress();
        Optional<IpAddress> address = IpAddress.parse(clientAddress);
        if (address.isEmpty()) {
            return Outcome.dunno();
        }
        DnsList.Result result = list.query(dns, address.get().reversedForDnsList());
        if (result instanceof DnsList.Result.Listed) {
            return Outcome.permit();
        }
        if (result instanceof DnsList.Result.Unavailable) {
            DnsListWarning.unavailable(name(), (DnsList.Result.Unavailable) result);
            context.deferIfReject(450, "4.7.1", "<" + clientAddress + ">: Client host rejected: Service unavailable");
        }
        return Outcome.dunno();
    }
}
