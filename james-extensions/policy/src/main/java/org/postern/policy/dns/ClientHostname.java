package org.postern.policy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.postern.policy.syntax.IpAddress;

/**
 * Postfix's client hostname: the PTR name of the client's address, kept only when that name's A/AAAA
 * records lead back to the address (forward-confirmed), else {@code unknown}, as is any DNS failure.
 * check_client_access and reject_rhsbl_client look at it; the policy service receives it as client_name.
 */
public final class ClientHostname {
    /** Postfix's name for a client without a (confirmed) hostname. */
    public static final String UNKNOWN = "unknown";
    /** Postfix stops after this many PTR names too. */
    private static final int MAX_NAMES = 10;

    private ClientHostname() {
    }

    /** The client's hostname, waiting for DNS: for callers that may block (the dry run, tests). */
    public static String of(DnsLookups dns, String address) {
        return lookup(dns, address).toCompletableFuture().join();
    }

    /** The client's hostname, looked up without blocking the caller. */
    public static CompletionStage<String> lookup(DnsLookups dns, String address) {
        InetAddress client;
        try {
            // a literal: parsed, never looked up
            client = IpAddress.isValid(address) ? InetAddress.getByName(address) : null;
        } catch (UnknownHostException e) {
            client = null;
        }
        if (client == null) {
            return CompletableFuture.completedFuture(UNKNOWN);
        }
        InetAddress expected = client;
        return dns.pointersAsync(address).thenCompose(answer -> {
            if (!(answer instanceof DnsAnswer.Found<String> names)) {
                return CompletableFuture.completedFuture(UNKNOWN);
            }
            // the names are tried one after the other, as Postfix does, until one leads back to the address
            CompletionStage<String> confirmed = CompletableFuture.completedFuture(null);
            for (String name : names.records().subList(0, Math.min(MAX_NAMES, names.records().size()))) {
                String hostname = name.toLowerCase(Locale.ROOT);
                confirmed = confirmed.thenCompose(found -> found != null ? CompletableFuture.completedFuture(found)
                    : dns.addressesAsync(hostname).thenApply(forward ->
                        forward instanceof DnsAnswer.Found<InetAddress> addresses && addresses.records().contains(expected)
                            ? hostname : null));
            }
            return confirmed.thenApply(found -> found == null ? UNKNOWN : found);
        });
    }
}
