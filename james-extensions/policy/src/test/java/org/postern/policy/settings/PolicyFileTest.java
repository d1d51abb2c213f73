package org.postern.policy.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TestEnvironment;
import org.postern.policy.restriction.TransactionPolicy;
import org.postern.policy.table.InMemoryTableStore;
import org.postern.policy.table.LookupTables;

class PolicyFileTest {
    private static final Path SHIPPED = Path.of("../../conf");
    private static final Map<String, String> BUILT_IN = Map.of("myhostname", "mx.example.com", "mydomain", "example.com");

    private final TestEnvironment env = new TestEnvironment();

    PolicyFileTest() {
        env.recipients.add("postmaster@example.com");
    }

    @Test
    void theShippedFileReproducesTheShippedReplies() {
        PolicyFile policy = PolicyFile.read(SHIPPED, BUILT_IN, env.engine());

        assertThat(policy.servers()).containsExactly("smtp", "submission", "smtps");
        for (String server : policy.servers()) {
            assertThat(rcpt(policy, server, null, "friend@remote.test"))
                .isEqualTo("554 5.7.1 <friend@remote.test>: Relay access denied");
            assertThat(rcpt(policy, server, null, "nobody@example.com"))
                .isEqualTo("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
            assertThat(rcpt(policy, server, "alice@example.com", "nobody@example.com"))
                .isEqualTo("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
            assertThat(rcpt(policy, server, null, "alice@example.com")).isEmpty();
            assertThat(rcpt(policy, server, null, "postmaster@example.com")).isEmpty();
            assertThat(rcpt(policy, server, "alice@example.com", "friend@remote.test")).isEmpty();
        }
        // nothing is trusted by address: not even loopback
        assertThat(rcptFrom(policy, "smtp", "127.0.0.1", "friend@remote.test"))
            .isEqualTo("554 5.7.1 <friend@remote.test>: Relay access denied");
    }

    @Test
    void theReadmeExampleParses(@org.junit.jupiter.api.io.TempDir Path conf) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        String policyExample = exampleAfter(readme, "# conf/policy.cf\n");
        String accessExample = exampleAfter(readme, "# conf/tables/sender_access\n");
        Files.createDirectories(conf.resolve("tables"));
        Files.writeString(conf.resolve("tables/sender_access"), accessExample);
        Files.writeString(conf.resolve("policy.cf"), policyExample);
        LookupTables tables = new LookupTables(conf, new InMemoryTableStore());
        env.tableResolver = (reference, kind) -> tables.open(reference, kind, "conf/policy.cf");
        env.senderOwners.put("alice@example.com", Set.of("alice@example.com"));

        PolicyFile policy = PolicyFile.read(conf, BUILT_IN, env.engine());

        assertThat(policy.servers()).containsExactly("smtp", "submission", "smtps");
    }

    private static String exampleAfter(String readme, String marker) {
        int start = readme.indexOf(marker);
        assertThat(start).as("README holds an example starting with " + marker).isNotNegative();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void aServerSectionOverridesTheGlobalValueForThatServerOnly() {
        PolicyFile policy = PolicyFile.parse("conf/policy.cf", List.of(
            "smtpd_relay_restrictions = reject_unauth_destination",
            "[submission]",
            "mynetworks = 192.0.2.0/24",
            "smtpd_relay_restrictions = permit_mynetworks, $smtpd_relay_restrictions_base",
            "smtpd_relay_restrictions_base = reject_unauth_destination"), BUILT_IN, env.engine());

        assertThat(rcptFrom(policy, "submission", "192.0.2.7", "friend@remote.test")).isEmpty();
        assertThat(rcptFrom(policy, "smtp", "192.0.2.7", "friend@remote.test"))
            .isEqualTo("554 5.7.1 <friend@remote.test>: Relay access denied");
    }

    @Test
    void anUnknownRestrictionNamesTheFileListAndToken() {
        assertThatThrownBy(() -> PolicyFile.parse("conf/policy.cf",
            List.of("smtpd_recipient_restrictions = reject_unauth_destination, reject_bogus"), BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/policy.cf: smtpd_recipient_restrictions: \"reject_bogus\": ");
    }

    @Test
    void anErrorInASectionNamesTheSection() {
        assertThatThrownBy(() -> PolicyFile.parse("conf/policy.cf", List.of(
            "smtpd_relay_restrictions = reject_unauth_destination",
            "[submission]",
            "smtpd_sender_restrictions = reject_bogus"), BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/policy.cf [submission]: smtpd_sender_restrictions: \"reject_bogus\": ");
    }

    @Test
    void aTableThatCannotBeOpenedNamesTheFileListAndToken(@org.junit.jupiter.api.io.TempDir Path conf) {
        LookupTables tables = new LookupTables(conf, new InMemoryTableStore());
        env.tableResolver = (reference, kind) -> tables.open(reference, kind, "conf/policy.cf");

        assertThatThrownBy(() -> PolicyFile.parse("conf/policy.cf", List.of(
            "smtpd_relay_restrictions = reject_unauth_destination",
            "smtpd_sender_restrictions = check_sender_access file:tables/missing"), BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("conf/policy.cf")
            .hasMessageContaining("smtpd_sender_restrictions")
            .hasMessageContaining("file:tables/missing");
    }

    @Test
    void aSectionNamingNoSmtpServerStopsStartup() {
        assertThatThrownBy(() -> PolicyFile.parse("conf/policy.cf", List.of(
            "smtpd_relay_restrictions = reject_unauth_destination",
            "[submision]",
            "smtpd_sender_restrictions = reject_sender_login_mismatch"), BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("conf/policy.cf line 2: [submision] is not an SMTP server of conf/smtpserver.xml "
                + "(its <jmxName>s: smtp, submission, smtps)");
    }

    @Test
    void parametersNothingReadsAreReportedButDoNotStopStartup() {
        PolicyFile policy = PolicyFile.parse("conf/policy.cf", List.of(
            "inet_interfaces = all",
            "my_checks = reject_non_fqdn_sender",
            "smtpd_relay_restrictions = reject_unauth_destination",
            "smtpd_sender_restrictions = $my_checks",
            "message_size_limit = 5000000",
            "[smtp]",
            "smtpd_bogus_limit = 3"), BUILT_IN, env.engine());

        assertThat(policy.unusedParameters()).extracting(setting -> setting.name() + "@" + setting.line())
            .containsExactly("inet_interfaces@1", "smtpd_bogus_limit@7");
        assertThat(policy.forServer("smtp").orElseThrow().limits().messageSizeLimit()).isEqualTo(5_000_000);
    }

    @Test
    void theSmtpServersAreTheEnabledOnesOfSmtpserverXml(@org.junit.jupiter.api.io.TempDir Path conf) throws Exception {
        assertThat(PolicyFile.smtpServerNames(SHIPPED)).containsExactly("smtp", "submission", "smtps");

        Files.writeString(conf.resolve("smtpserver.xml"), String.join("\n",
            "<smtpservers>",
            "  <smtpserver enabled=\"true\"><jmxName>smtp</jmxName></smtpserver>",
            "  <smtpserver enabled=\"false\"><jmxName>submission</jmxName></smtpserver>",
            "  <smtpserver><jmxName>internal</jmxName></smtpserver>",
            "</smtpservers>"));
        assertThat(PolicyFile.smtpServerNames(conf)).containsExactly("smtp", "internal");
    }

    @Test
    void aMissingFileIsNamed(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> PolicyFile.read(empty, BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/policy.cf: missing");
    }

    @Test
    void aMalformedLineIsNamed(@org.junit.jupiter.api.io.TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("policy.cf"), "smtpd_relay_restrictions = reject_unauth_destination\nthis is not a parameter\n");

        assertThatThrownBy(() -> PolicyFile.read(conf, BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("conf/policy.cf line 2: expected 'name = value' or '[server]', found 'this is not a parameter'");
    }

    private static String rcpt(PolicyFile policy, String server, String login, String recipient) {
        TransactionPolicy connection = policy.forServer(server).orElseThrow().newConnection();
        SmtpTransaction transaction = SmtpTransaction.connectedFrom("198.51.100.1", null).serverName(server)
            .saslUsername(login).build().withHelo("client.example", true).withSender("sender@remote.test");
        connection.connect(transaction);
        connection.helo(transaction);
        connection.mail(transaction);
        return connection.rcpt(transaction.withRecipient(recipient)).replyLine();
    }

    private static String rcptFrom(PolicyFile policy, String server, String clientAddress, String recipient) {
        TransactionPolicy connection = policy.forServer(server).orElseThrow().newConnection();
        SmtpTransaction transaction = SmtpTransaction.connectedFrom(clientAddress, null).serverName(server).build()
            .withHelo("client.example", true).withSender("sender@remote.test");
        connection.mail(transaction);
        return connection.rcpt(transaction.withRecipient(recipient)).replyLine();
    }

    @Test
    void addressResolutionAndRelocatedMapsAreGlobalAndReadOnce() {
        env.table("db:moved");
        env.table("db:moved_domains");
        PolicyFile policy = PolicyFile.parse("conf/policy.cf", List.of(
            "recipient_delimiter = +-",
            "virtual_role_accounts = postmaster hostmaster",
            "relocated_maps = db:moved, db:moved_domains",
            "smtpd_relay_restrictions = reject_unauth_destination"), BUILT_IN, env.engine());

        assertThat(policy.virtualSettings().delimiter().strip("john-work@example.com")).contains("john@example.com");
        assertThat(policy.virtualSettings().roleAccounts()).containsExactlyInAnyOrder("postmaster", "hostmaster");
        assertThat(policy.relocatedMaps()).containsExactly("db:moved", "db:moved_domains");
    }

    @Test
    void theRecipientDelimiterCannotDifferBetweenServers() {
        assertThatThrownBy(() -> PolicyFile.parse("conf/policy.cf", List.of(
            "smtpd_relay_restrictions = reject_unauth_destination",
            "[submission]",
            "recipient_delimiter = +"), BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("conf/policy.cf line 3: recipient_delimiter applies to the mail pipeline as to every SMTP server: "
                + "set it before any [section]");
    }

    @Test
    void aRelocatedTableThatCannotBeOpenedNamesTheFileAndParameter() {
        assertThatThrownBy(() -> PolicyFile.parse("conf/policy.cf", List.of(
            "relocated_maps = db:nowhere",
            "smtpd_relay_restrictions = reject_unauth_destination"), BUILT_IN, env.engine()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/policy.cf: relocated_maps: \"db:nowhere\": ");
    }
}
