package org.postern.policy.restriction.dns;

import java.net.InetAddress;

/**
 * The DNS questions restrictions ask. The server's resolver implements it (with its caching and
 * timeouts); tests use fakes. Implementations must not throw for DNS trouble: they answer
 * {@link DnsAnswer.TemporaryFailure}.
 */
public interface DnsLookups {

    /** A and AAAA records of {@code name}. */
    DnsAnswer<InetAddress> addresses(String name);

    /** MX records of {@code domain}. */
    DnsAnswer<MailExchanger> mailExchangers(String domain);

    /** TXT records of {@code name}, each record's strings joined. */
    DnsAnswer<String> texts(String name);

    /** PTR records of an IPv4 or IPv6 address (the in-addr.arpa / ip6.arpa names), without trailing dots. */
    DnsAnswer<String> pointers(String address);
}
