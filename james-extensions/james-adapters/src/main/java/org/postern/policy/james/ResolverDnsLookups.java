package org.postern.policy.james;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.dns.MailExchanger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * The restrictions' DNS questions, asked through the server's dnsjava resolver (the one
 * {@link org.postern.dns.PosternDnsService} builds from DNS_SERVERS). NXDOMAIN and "no record of that type"
 * are {@link DnsAnswer.NotFound}; SERVFAIL, timeouts and other errors are {@link DnsAnswer.TemporaryFailure}.
 * The asynchronous lookups (the client's hostname at connection time) go through dnsjava's
 * {@link LookupSession}, which waits for answers on dnsjava's own I/O thread, never on the caller's.
 * The client, HELO and sender lists run again at every RCPT, so answers are kept for a short while
 * ({@link #TIME_TO_KEEP}); temporary failures are not kept.
 */
public final class ResolverDnsLookups implements DnsLookups {
    static final Duration TIME_TO_KEEP = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 10_000;

    private final Supplier<Resolver> resolver;
    private final Clock clock;
    private final Map<Question, Kept> answers = new ConcurrentHashMap<>();

    private record Question(String name, int type) {
    }

    private record Kept(DnsAnswer<?> answer, Instant until) {
    }

    /** @param resolver read at every lookup: the server's resolver exists only once the DNS service is initialised */
    public ResolverDnsLookups(Supplier<Resolver> resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String name) {
        DnsAnswer<InetAddress> v4 = lookup(name, Type.A, record -> ((ARecord) record).getAddress());
        DnsAnswer<InetAddress> v6 = lookup(name, Type.AAAA, record -> ((AAAARecord) record).getAddress());
        return bothFamilies(v4, v6);
    }

    @Override
    public DnsAnswer<MailExchanger> mailExchangers(String domain) {
        return lookup(domain, Type.MX, record -> {
            MXRecord mx = (MXRecord) record;
            String host = mx.getTarget().toString(true);
            return new MailExchanger(mx.getPriority(), host.isEmpty() ? "." : host);
        });
    }

    @Override
    public DnsAnswer<String> texts(String name) {
        return lookup(name, Type.TXT, record -> String.join("", ((TXTRecord) record).getStrings()));
    }

    @Override
    public DnsAnswer<String> pointers(String address) {
        Name reverse;
        try {
            reverse = ReverseMap.fromAddress(address);
        } catch (java.net.UnknownHostException e) {
            return DnsAnswer.notFound();
        }
        return lookup(reverse.toString(true), Type.PTR, record -> ((PTRRecord) record).getTarget().toString(true));
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> addressesAsync(String name) {
        CompletableFuture<DnsAnswer<InetAddress>> v4 = lookupAsync(name, Type.A, record -> ((ARecord) record).getAddress());
        CompletableFuture<DnsAnswer<InetAddress>> v6 = lookupAsync(name, Type.AAAA, record -> ((AAAARecord) record).getAddress());
        return v4.thenCombine(v6, ResolverDnsLookups::bothFamilies);
    }

    @Override
    public CompletionStage<DnsAnswer<String>> pointersAsync(String address) {
        Name reverse;
        try {
            reverse = ReverseMap.fromAddress(address);
        } catch (java.net.UnknownHostException e) {
            return CompletableFuture.completedFuture(DnsAnswer.notFound());
        }
        return lookupAsync(reverse.toString(true), Type.PTR, record -> ((PTRRecord) record).getTarget().toString(true));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<DnsAnswer<T>> lookupAsync(String name, int type, Function<Record, T> convert) {
        Question question = new Question(name.toLowerCase(java.util.Locale.ROOT), type);
        Instant now = clock.instant();
        Kept kept = answers.get(question);
        if (kept != null && kept.until().isAfter(now)) {
            return CompletableFuture.completedFuture((DnsAnswer<T>) kept.answer());
        }
        Name absolute;
        try {
            absolute = Name.fromString(question.name().endsWith(".") ? question.name() : question.name() + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.notFound());
        }
        LookupSession session = LookupSession.builder().resolver(resolver.get()).clearCaches().clearSearchPath().build();
        return session.lookupAsync(absolute, type, DClass.IN).toCompletableFuture()
            .handle((result, failure) -> {
                DnsAnswer<T> answer = failure == null ? converted(result, type, convert) : failed(question, failure);
                keep(question, answer, now);
                return answer;
            });
    }

    private static <T> DnsAnswer<T> converted(LookupResult result, int type, Function<Record, T> convert) {
        List<T> records = new ArrayList<>();
        for (Record record : result.getRecords()) {
            if (record.getType() == type) {
                records.add(convert.apply(record));
            }
        }
        return records.isEmpty() ? DnsAnswer.notFound() : DnsAnswer.found(records);
    }

    private static <T> DnsAnswer<T> failed(Question question, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException) {
            return DnsAnswer.notFound();
        }
        return DnsAnswer.temporaryFailure(Type.string(question.type()) + " " + question.name() + ": " + cause);
    }

    private static DnsAnswer<InetAddress> bothFamilies(DnsAnswer<InetAddress> v4, DnsAnswer<InetAddress> v6) {
        if (v4 instanceof DnsAnswer.Found<InetAddress> found4 && v6 instanceof DnsAnswer.Found<InetAddress> found6) {
            List<InetAddress> all = new ArrayList<>(found4.records());
            all.addAll(found6.records());
            return DnsAnswer.found(all);
        }
        if (v4.isFound()) {
            return v4;
        }
        if (v6.isFound()) {
            return v6;
        }
        return v4.isTemporaryFailure() ? v4 : v6;
    }

    private void keep(Question question, DnsAnswer<?> answer, Instant now) {
        if (!answer.isTemporaryFailure()) {
            if (answers.size() >= MAX_ENTRIES) {
                answers.clear();
            }
            answers.put(question, new Kept(answer, now.plus(TIME_TO_KEEP)));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> DnsAnswer<T> lookup(String name, int type, Function<Record, T> convert) {
        Question question = new Question(name.toLowerCase(java.util.Locale.ROOT), type);
        Instant now = clock.instant();
        Kept kept = answers.get(question);
        if (kept != null && kept.until().isAfter(now)) {
            return (DnsAnswer<T>) kept.answer();
        }
        DnsAnswer<T> answer = ask(question, convert);
        keep(question, answer, now);
        return answer;
    }

    private <T> DnsAnswer<T> ask(Question question, Function<Record, T> convert) {
        try {
            String absolute = question.name().endsWith(".") ? question.name() : question.name() + ".";
            Lookup lookup = new Lookup(Name.fromString(absolute), question.type(), DClass.IN);
            lookup.setResolver(resolver.get());
            lookup.setCache(null);
            Record[] records = lookup.run();
            switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL:
                    List<T> converted = new ArrayList<>();
                    for (Record record : records) {
                        if (record.getType() == question.type()) {
                            converted.add(convert.apply(record));
                        }
                    }
                    return converted.isEmpty() ? DnsAnswer.notFound() : DnsAnswer.found(converted);
                case Lookup.HOST_NOT_FOUND:
                case Lookup.TYPE_NOT_FOUND:
                    return DnsAnswer.notFound();
                default:
                    return DnsAnswer.temporaryFailure(Type.string(question.type()) + " " + question.name() + ": "
                        + lookup.getErrorString());
            }
        } catch (TextParseException e) {
            // not a DNS name at all: it cannot exist
            return DnsAnswer.notFound();
        } catch (RuntimeException e) {
            return DnsAnswer.temporaryFailure(Type.string(question.type()) + " " + question.name() + ": " + e);
        }
    }
}
