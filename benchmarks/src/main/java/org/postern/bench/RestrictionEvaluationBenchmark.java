package org.postern.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postern.policy.access.AccessRestrictions;
import org.postern.policy.address.AddressRestrictions;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.client.ClientRestrictions;
import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.dns.MailExchanger;
import org.postern.policy.dnsbl.DnsListRestrictions;
import org.postern.policy.generic.GenericRestrictions;
import org.postern.policy.relay.RelayRestrictions;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.PolicyEngine;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.RestrictionList;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.Stage;
import org.postern.policy.table.LookupTable;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.VirtualSettings;

/**
 * Restriction evaluation throughput: a typical recipient list of a dozen checks (non-FQDN and unknown
 * domains, mynetworks, SASL, relay control, two access maps, a DNSBL, unlisted recipients), in-memory tables
 * and DNS answers already cached, evaluated for a mix of transactions (accepted, relay attempts, listed
 * senders, blocklisted clients). Prints decisions per second for several measured rounds after a warm-up.
 * Usage: {@code benchmarks/restriction-bench.sh [rounds] [seconds-per-round]}.
 */
public final class RestrictionEvaluationBenchmark {
    static final String RECIPIENT_LIST = String.join(", ",
        "reject_non_fqdn_sender", "reject_non_fqdn_recipient",
        "reject_unknown_sender_domain", "reject_unknown_recipient_domain",
        "permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination",
        "check_recipient_access db:recipient_access", "check_sender_access db:sender_access",
        "reject_rbl_client zen.bench.test", "reject_unlisted_recipient", "permit");

    private RestrictionEvaluationBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double secondsPerRound = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;

        RestrictionList list = recipientList();
        List<SmtpTransaction> transactions = transactions();
        System.out.printf(Locale.ROOT, "recipient list (%d checks): %s%n", RECIPIENT_LIST.split(",").length, RECIPIENT_LIST);
        for (SmtpTransaction transaction : transactions) {
            Decision decision = list.evaluate(transaction, Stage.RECIPIENT);
            System.out.printf(Locale.ROOT, "  %-28s -> %s%n", transaction.recipient().orElse("?"),
                decision.reply().map(reply -> reply.line()).orElse(decision.verdict().toString()));
        }

        measure(list, transactions, 0.2 + secondsPerRound); // warm-up, not printed
        double total = 0;
        for (int round = 1; round <= rounds; round++) {
            double rate = measure(list, transactions, secondsPerRound);
            total += rate;
            System.out.printf(Locale.ROOT, "round %d: %,.0f decisions/s%n", round, rate);
        }
        System.out.printf(Locale.ROOT, "mean: %,.0f decisions/s on %d cores%n", total / rounds, Runtime.getRuntime().availableProcessors());
    }

    private static volatile Object sink;

    private static double measure(RestrictionList list, List<SmtpTransaction> transactions, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        long decisions = 0;
        int size = transactions.size();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1000; i++) {
                sink = list.evaluate(transactions.get((int) (decisions++ % size)), Stage.RECIPIENT);
            }
        }
        return decisions / ((System.nanoTime() - started) / 1e9);
    }

    private static List<SmtpTransaction> transactions() {
        return List.of(
            transaction("192.0.2.10", "alice@sender.test", "bob@example.com"),
            transaction("192.0.2.11", "carol@sender.test", "alice@example.com"),
            transaction("192.0.2.12", "dave@sender.test", "nobody@example.com"),
            transaction("192.0.2.13", "erin@sender.test", "friend@elsewhere.test"),
            transaction("192.0.2.14", "spammer@listed.test", "bob@example.com"),
            transaction("192.0.2.66", "frank@sender.test", "alice@example.com"),
            transaction("10.1.2.3", "printer@lan.test", "friend@elsewhere.test"),
            transaction("192.0.2.15", "grace@sender.test", "blocked@example.com"));
    }

    private static SmtpTransaction transaction(String client, String sender, String recipient) {
        return SmtpTransaction.connectedFrom(client, "mail.sender.test").heloName("mail.sender.test").esmtp(true)
            .sender(sender).recipient(recipient).protocolState(ProtocolState.RCPT).build();
    }

    private static RestrictionList recipientList() {
        Map<String, LookupTable> tables = Map.of(
            "db:recipient_access", table("db:recipient_access", Map.of("blocked@example.com", "REJECT mailbox closed")),
            "db:sender_access", table("db:sender_access", Map.of("listed.test", "REJECT", "partner.test", "OK")));
        Destinations destinations = new Destinations() {
            @Override
            public boolean isHosted(String domain) {
                return domain.equals("example.com");
            }

            @Override
            public boolean isRelayed(String domain) {
                return false;
            }
        };
        LocalRecipients recipients = new LocalRecipients() {
            @Override
            public boolean isHostedDomain(String domain) {
                return domain.equals("example.com");
            }

            @Override
            public Expansion expand(String address, VirtualSettings settings) {
                return Set.of("alice@example.com", "bob@example.com", "blocked@example.com").contains(address)
                    ? new Expansion(Expansion.Status.DELIVERED, List.of(new Expansion.Delivery(address, address, "", true)), "")
                    : new Expansion(Expansion.Status.UNKNOWN, List.of(), address);
            }
        };
        DnsLookups dns = new CachedDns();
        PolicyEngine engine = new PolicyEngine(List.of(new GenericRestrictions(), new ClientRestrictions(),
            new AddressRestrictions(dns, destinations, recipients, (reference, kind) -> tables.get(reference)), new RelayRestrictions(destinations),
            new DnsListRestrictions(dns, destinations), new AccessRestrictions((reference, kind) -> tables.get(reference))), destinations, dns);
        ServerRestrictions restrictions = engine.server("benchmark", Map.of(
            "mynetworks", "127.0.0.0/8 10.0.0.0/8",
            "smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            "smtpd_recipient_restrictions", RECIPIENT_LIST));
        return restrictions.list(Stage.RECIPIENT);
    }

    private static LookupTable table(String reference, Map<String, String> entries) {
        return new LookupTable() {
            @Override
            public Optional<String> lookup(String key) {
                return Optional.ofNullable(entries.get(key));
            }

            @Override
            public boolean matchesWholeString() {
                return false;
            }

            @Override
            public String reference() {
                return reference;
            }
        };
    }

    /** Answers as a warm DNS cache would: every domain has an MX and an address; 192.0.2.66 is blocklisted. */
    private static final class CachedDns implements DnsLookups {
        private static final InetAddress MX_ADDRESS = address("192.0.2.200");
        private static final InetAddress LISTED = address("127.0.0.2");

        @Override
        public DnsAnswer<InetAddress> addresses(String name) {
            if (name.endsWith(".zen.bench.test")) {
                return name.startsWith("66.2.0.192.") ? DnsAnswer.found(List.of(LISTED)) : new DnsAnswer.NotFound<>();
            }
            return DnsAnswer.found(List.of(MX_ADDRESS));
        }

        @Override
        public DnsAnswer<MailExchanger> mailExchangers(String domain) {
            return DnsAnswer.found(List.of(new MailExchanger(10, "mx." + domain)));
        }

        @Override
        public DnsAnswer<String> texts(String name) {
            return DnsAnswer.found(List.of("listed, see https://bench.test/"));
        }

        @Override
        public DnsAnswer<String> pointers(String address) {
            return new DnsAnswer.NotFound<>();
        }

        private static InetAddress address(String ip) {
            try {
                return InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
