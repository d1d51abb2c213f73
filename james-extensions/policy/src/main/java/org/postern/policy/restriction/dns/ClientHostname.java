package org.postern.policy.restriction.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.postern.policy.restriction.SmtpTransaction;

/**
 * Postfix's client hostname: the PTR name of the client's address, kept only when that name's A/AAAA
 * records lead back to the address (forward-confirmed), else {@code unknown}, as is any DNS failure.
 * check_client_access and reject_rhsbl_client look at it; the policy service receives it as client_name.
 */
public final class ClientHostname {
    /** Postfix stops after this many PTR names too. */
    private static final int MAX_NAMES = 10;

    private ClientHostname() {
    }

    public static String of(DnsLookups dns, String address) {
        InetAddress client;
        try {
            client = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return SmtpTransaction.UNKNOWN;
        }
        if (!(dns.pointers(address) instanceof DnsAnswer.Found<String> names)) {
            return SmtpTransaction.UNKNOWN;
        }
        int asked = 0;
        for (String name : names.records()) {
            if (++asked > MAX_NAMES) {
                break;
            }
            String hostname = name.toLowerCase(Locale.ROOT);
            if (dns.addresses(hostname) instanceof DnsAnswer.Found<InetAddress> forward && forward.records().contains(client)) {
                return hostname;
            }
        }
        return SmtpTransaction.UNKNOWN;
    }
}
