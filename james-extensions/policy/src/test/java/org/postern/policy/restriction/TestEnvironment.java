package org.postern.policy.restriction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessRestrictions;
import org.postern.policy.access.MemoryTable;
import org.postern.policy.address.AddressRestrictions;
import org.postern.policy.client.ClientRestrictions;
import org.postern.policy.dnsbl.DnsListRestrictions;
import org.postern.policy.generic.GenericRestrictions;
import org.postern.policy.helo.HeloRestrictions;
import org.postern.policy.policyservice.PolicyServiceRestrictions;
import org.postern.policy.relay.RelayRestrictions;
import org.postern.policy.senderlogin.SenderLoginRestrictions;
import org.postern.policy.table.LookupTable;
import org.postern.policy.table.TableKind;
import org.postern.policy.table.TableResolver;

/**
 * Every restriction feature on fakes: we host example.com (users alice and bob), relay for relay.example,
 * trust 10.0.0.0/8, and know the tables a test registers. {@link #parameters} are the main.cf parameters of the
 * server under test (absent ones keep Postfix's defaults).
 */
public final class TestEnvironment {
    public static final String SOURCE = "conf/policy/smtp.cf";

    public final FakeDns dns = new FakeDns();
    public FixedDestinations destinations = new FixedDestinations(Set.of("example.com"), Set.of("relay.example"));
    public final FixedRecipients recipients = new FixedRecipients(Set.of("example.com"),
        Set.of("alice@example.com", "bob@example.com"));
    public final Map<String, MemoryTable> tables = new HashMap<>();
    public final Map<String, Set<String>> senderOwners = new HashMap<>();
    public final Map<String, String> parameters = new HashMap<>(Map.of("mynetworks", "127.0.0.0/8 10.0.0.0/8 [::1]/128"));
    /** Opens the tables the lists name: by default those a test registered with {@link #table}. */
    public TableResolver tableResolver = this::registeredTable;

    public MemoryTable table(String reference, String... keysAndValues) {
        MemoryTable table = MemoryTable.of(reference, keysAndValues);
        tables.put(reference, table);
        return table;
    }

    private LookupTable registeredTable(String reference, TableKind kind) {
        MemoryTable table = tables.get(reference);
        if (table == null) {
            throw new InvalidConfigurationException("no such table: " + reference);
        }
        return table;
    }

    /** Our destinations, read through {@link #destinations} at each call (a test may replace them). */
    public Destinations destinations() {
        return new Destinations() {
            @Override
            public boolean isHosted(String domain) {
                return destinations.isHosted(domain);
            }

            @Override
            public boolean isRelayed(String domain) {
                return destinations.isRelayed(domain);
            }
        };
    }

    public List<RestrictionFeature> features() {
        return List.of(
            new GenericRestrictions(),
            new ClientRestrictions(),
            new HeloRestrictions(dns),
            new AddressRestrictions(dns, destinations(), recipients, (reference, kind) -> tableResolver.open(reference, kind)),
            new RelayRestrictions(destinations()),
            new DnsListRestrictions(dns, destinations()),
            new AccessRestrictions((reference, kind) -> tableResolver.open(reference, kind)),
            new SenderLoginRestrictions(address -> senderOwners.getOrDefault(address, Set.of())),
            new PolicyServiceRestrictions());
    }

    public PolicyEngine engine() {
        return new PolicyEngine(features(), destinations(), dns);
    }

    /** The server under test, built from {@link #parameters}. */
    public ServerRestrictions server() {
        return engine().server(SOURCE, parameters);
    }

    public RestrictionListParser parser() {
        PolicyEngine engine = engine();
        return new RestrictionListParser(engine.parameters(SOURCE, parameters), engine.features());
    }

    public RestrictionList list(Stage stage, String value) {
        return parser().parse(stage, value, EngineParameters.from(engine().parameters(SOURCE, parameters)));
    }

    /** A client at {@code address} named {@code name} that said EHLO {@code helo}, MAIL FROM and RCPT TO. */
    public static SmtpTransaction rcpt(String address, String name, String helo, String sender, String recipient) {
        return SmtpTransaction.connectedFrom(address, name).heloName(helo).esmtp(true).sender(sender)
            .recipient(recipient).protocolState(ProtocolState.RCPT).build();
    }

    /** An unremarkable stranger sending to {@code recipient}. */
    public static SmtpTransaction strangerTo(String recipient) {
        return rcpt("192.0.2.1", "mail.sender.test", "mail.sender.test", "someone@sender.test", recipient);
    }
}
