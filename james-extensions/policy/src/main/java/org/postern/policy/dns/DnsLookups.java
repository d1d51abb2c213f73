package org.postern.policy.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The DNS questions restrictions ask. The server's resolver implements it (with its caching and
 * timeouts); tests use fakes. Implementations must not throw for DNS trouble: they answer
 * {@link DnsAnswer.TemporaryFailure}. The asynchronous forms are for the network threads, which must never
 * wait for DNS; by default they answer at once with the blocking form, which fakes are.
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

    /** {@link #addresses(String)} without blocking the caller. */
    default CompletionStage<DnsAnswer<InetAddress>> addressesAsync(String name) {
        return CompletableFuture.completedFuture(addresses(name));
    }

    /** {@link #pointers(String)} without blocking the caller. */
    default CompletionStage<DnsAnswer<String>> pointersAsync(String address) {
        return CompletableFuture.completedFuture(pointers(address));
    }
}
