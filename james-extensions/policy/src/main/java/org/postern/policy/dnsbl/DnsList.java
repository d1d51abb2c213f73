package org.postern.policy.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.syntax.HostSyntax;

/**
 * One DNS block or allow list as written in a restriction: {@code zen.spamhaus.org} or
 * {@code zen.spamhaus.org=127.0.0.[2..11]}. A name is listed when {@code name.zone} has an A record the
 * filter accepts; the list's TXT record, when there is one, explains why. Immutable.
 */
public final class DnsList {
    /** Postfix concatenates TXT records up to this many characters. */
    private static final int TXT_LIMIT = 500;

    /** The result of one query. */
    public sealed interface Result {
        record Listed(String reason) implements Result {
        }

        record NotListed() implements Result {
        }

        record Unavailable(String reason) implements Result {
        }
    }

    private final String zone;
    private final DnsListFilter filter;
    private final String written;

    private DnsList(String zone, DnsListFilter filter, String written) {
        this.zone = zone;
        this.filter = filter;
        this.written = written;
    }

    /** @throws IllegalArgumentException when the zone is not a domain name or the filter is malformed */
    public static DnsList parse(String argument) {
        int equals = argument.indexOf('=');
        String zone = equals < 0 ? argument : argument.substring(0, equals);
        if (!HostSyntax.isValidHostname(HostSyntax.withoutTrailingDot(zone)) || zone.indexOf('.') < 0) {
            throw new IllegalArgumentException("'" + zone + "' is not a DNS list domain");
        }
        DnsListFilter filter = equals < 0 ? DnsListFilter.DEFAULT : DnsListFilter.parse(argument.substring(equals + 1));
        return new DnsList(HostSyntax.withoutTrailingDot(zone), filter, argument);
    }

    /** The zone without its filter, as replies name it. */
    public String zone() {
        return zone;
    }

    /** Asks the list about {@code prefix} (reversed IP or domain name); {@code prefix.zone} is queried. */
    public Result query(DnsLookups dns, String prefix) {
        String name = prefix + "." + zone;
        DnsAnswer<InetAddress> answer = dns.addresses(name);
        if (answer instanceof DnsAnswer.TemporaryFailure) {
            return new Result.Unavailable(((DnsAnswer.TemporaryFailure<InetAddress>) answer).reason());
        }
        if (!(answer instanceof DnsAnswer.Found)) {
            return new Result.NotListed();
        }
        boolean listed = ((DnsAnswer.Found<InetAddress>) answer).records().stream()
            .anyMatch(address -> address instanceof Inet4Address && filter.matches((Inet4Address) address));
        if (!listed) {
            return new Result.NotListed();
        }
        return new Result.Listed(reason(dns, name));
    }

    @Override
    public String toString() {
        return written;
    }

    private static String reason(DnsLookups dns, String name) {
        DnsAnswer<String> texts = dns.texts(name);
        if (!(texts instanceof DnsAnswer.Found)) {
            return "";
        }
        String joined = String.join(" / ", ((DnsAnswer.Found<String>) texts).records());
        return joined.length() > TXT_LIMIT ? joined.substring(0, TXT_LIMIT) : joined;
    }
}
