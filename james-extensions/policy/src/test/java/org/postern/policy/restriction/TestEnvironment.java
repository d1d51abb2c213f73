package org.postern.policy.restriction;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.MemoryTable;

/**
 * A restriction environment of fakes: we host example.com (users alice and bob), relay for
 * relay.example, trust 10.0.0.0/8, and know the tables a test registers.
 */
public final class TestEnvironment {
    public static final String SOURCE = "conf/policy/smtp.cf";

    public final FakeDns dns = new FakeDns();
    public FixedDestinations destinations = new FixedDestinations(Set.of("example.com"), Set.of("relay.example"));
    public final FixedRecipients recipients = new FixedRecipients(Set.of("example.com"),
        Set.of("alice@example.com", "bob@example.com"));
    public final Map<String, MemoryTable> tables = new HashMap<>();
    public final Map<String, Set<String>> senderOwners = new HashMap<>();
    public RestrictionSettings settings = RestrictionSettings.POSTFIX_DEFAULTS;
    public Networks mynetworks = Networks.parse(SOURCE, "mynetworks", "127.0.0.0/8 10.0.0.0/8 [::1]/128");

    public MemoryTable table(String reference, String... keysAndValues) {
        MemoryTable table = MemoryTable.of(reference, keysAndValues);
        tables.put(reference, table);
        return table;
    }

    public RestrictionEnvironment environment() {
        return RestrictionEnvironment.builder()
            .tables(reference -> {
                MemoryTable table = tables.get(reference);
                if (table == null) {
                    throw new InvalidConfigurationException("no such table: " + reference);
                }
                return table;
            })
            .dns(dns)
            .destinations(new Destinations() {
                @Override
                public boolean isHosted(String domain) {
                    return destinations.isHosted(domain);
                }

                @Override
                public boolean isRelayed(String domain) {
                    return destinations.isRelayed(domain);
                }
            })
            .localRecipients(recipients)
            .senderLogins(address -> senderOwners.getOrDefault(address, Set.of()))
            .build();
    }

    public RestrictionListParser parser() {
        return new RestrictionListParser(SOURCE, settings, mynetworks, environment());
    }

    public RestrictionList list(Stage stage, String value) {
        return parser().parse(stage, value);
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
