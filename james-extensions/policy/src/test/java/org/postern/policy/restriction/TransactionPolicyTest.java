package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientClass;
import org.postern.policy.verdict.RecipientVerdict;

class TransactionPolicyTest {
    private final TestEnvironment env = new TestEnvironment();
    private final Map<String, String> parameters = new HashMap<>();

    private TransactionPolicy connection() {
        parameters.putIfAbsent("mynetworks", "127.0.0.0/8 10.0.0.0/8");
        return env.engine().server(TestEnvironment.SOURCE, parameters).newConnection();
    }

    private static final SmtpTransaction CONNECTED = SmtpTransaction.connectedFrom("192.0.2.1", "mail.sender.test").build();
    private static final SmtpTransaction HELO = CONNECTED.withHelo("mail.sender.test", true);
    private static final SmtpTransaction MAIL = HELO.withSender("someone@sender.test");

    @Test
    void withDelayRejectAClientRejectionIsReportedAtRcpt() {
        env.dns.address("1.2.0.192.zen.example", "127.0.0.2").txt("1.2.0.192.zen.example", "Listed, see https://zen.example/q?192.0.2.1");
        parameters.put("smtpd_client_restrictions", "reject_rbl_client zen.example");
        TransactionPolicy policy = connection();

        assertThat(policy.connect(CONNECTED).accepts()).isTrue();
        assertThat(policy.helo(HELO).accepts()).isTrue();
        assertThat(policy.mail(MAIL).accepts()).isTrue();
        Decision rcpt = policy.rcpt(MAIL.withRecipient("bob@example.com"));

        assertThat(rcpt.replyLine()).isEqualTo("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using "
            + "zen.example; Listed, see https://zen.example/q?192.0.2.1");
        assertThat(rcpt.list()).isEqualTo("smtpd_client_restrictions");
    }

    @Test
    void withDelayRejectTheClientListSeesTheRecipient() {
        env.table("db:open", "bob@example.com", "OK");
        parameters.put("smtpd_client_restrictions", "check_recipient_access db:open, reject");
        TransactionPolicy policy = connection();

        assertThat(policy.rcpt(MAIL.withRecipient("bob@example.com")).accepts()).isTrue();
        assertThat(policy.rcpt(MAIL.withRecipient("alice@example.com")).replyLine())
            .isEqualTo("554 5.7.1 <mail.sender.test[192.0.2.1]>: Client host rejected: Access denied");
    }

    @Test
    void withoutDelayRejectAClientIsRefusedAtConnectAndThenForEverything() {
        parameters.put("smtpd_delay_reject", "no");
        parameters.put("smtpd_client_restrictions", "reject");
        TransactionPolicy policy = connection();

        assertThat(policy.connect(CONNECTED).replyLine())
            .isEqualTo("554 5.7.1 <mail.sender.test[192.0.2.1]>: Client host rejected: Access denied");
        assertThat(policy.helo(HELO).replyLine()).isEqualTo("503 5.7.0 Error: access denied for mail.sender.test[192.0.2.1]");
        assertThat(policy.rcpt(MAIL.withRecipient("bob@example.com")).replyLine())
            .isEqualTo("503 5.7.0 Error: access denied for mail.sender.test[192.0.2.1]");
    }

    @Test
    void withoutDelayRejectEachListAnswersAtItsOwnCommand() {
        parameters.put("smtpd_delay_reject", "no");
        parameters.put("smtpd_helo_restrictions", "reject_non_fqdn_helo_hostname");
        parameters.put("smtpd_sender_restrictions", "reject_non_fqdn_sender");
        TransactionPolicy policy = connection();

        assertThat(policy.helo(CONNECTED.withHelo("client", true)).replyLine())
            .isEqualTo("504 5.5.2 <client>: Helo command rejected: need fully-qualified hostname");
        assertThat(policy.mail(HELO.withSender("u@nodots")).replyLine())
            .isEqualTo("504 5.5.2 <u@nodots>: Sender address rejected: need fully-qualified address");
    }

    @Test
    void aTemporaryFailureAtMailDefersTheRecipients() {
        parameters.put("smtpd_delay_reject", "no");
        parameters.put("smtpd_sender_restrictions", "reject_unknown_sender_domain");
        env.dns.failing("nx.test");
        TransactionPolicy policy = connection();
        SmtpTransaction mail = HELO.withSender("u@nx.test");

        assertThat(policy.mail(mail).accepts()).isTrue();
        assertThat(policy.rcpt(mail.withRecipient("bob@example.com")).replyLine())
            .isEqualTo("450 4.1.8 <u@nx.test>: Sender address rejected: Domain not found");
    }

    @Test
    void relayRestrictionsComeBeforeRecipientRestrictions() {
        parameters.put("smtpd_recipient_restrictions", "reject_non_fqdn_recipient");
        SmtpTransaction foreignShortName = MAIL.withRecipient("alice@far");

        assertThat(connection().rcpt(foreignShortName).replyLine()).isEqualTo("454 4.7.1 <alice@far>: Relay access denied");

        parameters.put("smtpd_relay_before_recipient_restrictions", "no");
        assertThat(connection().rcpt(foreignShortName).replyLine())
            .isEqualTo("504 5.5.2 <alice@far>: Recipient address rejected: need fully-qualified address");
    }

    @Test
    void aPermitInOneListDoesNotSkipTheNext() {
        parameters.put("smtpd_client_restrictions", "permit");
        parameters.put("smtpd_relay_restrictions", "permit_mynetworks, reject_unauth_destination");
        parameters.put("smtpd_recipient_restrictions", "permit");

        assertThat(connection().rcpt(MAIL.withRecipient("x@far.test")).replyLine()).isEqualTo("554 5.7.1 <x@far.test>: Relay access denied");
    }

    @Test
    void trustedAndAuthenticatedClientsRelay() {
        TransactionPolicy policy = connection();
        SmtpTransaction trusted = SmtpTransaction.connectedFrom("10.1.2.3", "pc.lan").heloName("pc.lan")
            .sender("me@example.com").recipient("x@far.test").protocolState(ProtocolState.RCPT).build();
        SmtpTransaction loggedIn = MAIL.toBuilder().saslUsername("alice").recipient("x@far.test")
            .protocolState(ProtocolState.RCPT).build();

        assertThat(policy.rcpt(trusted).verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(policy.rcpt(loggedIn).check()).isEqualTo("permit_sasl_authenticated");
        assertThat(policy.rcpt(MAIL.withRecipient("bob@example.com")).accepts()).isTrue();
    }

    @Test
    void heloRequired() {
        parameters.put("smtpd_helo_required", "yes");
        TransactionPolicy policy = connection();

        Decision decision = policy.mail(CONNECTED.withSender("someone@sender.test"));
        assertThat(decision.replyLine()).isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
        assertThat(decision.check()).isEqualTo("smtpd_helo_required");
        assertThat(policy.mail(MAIL).accepts()).isTrue();
    }

    @Test
    void unknownUsersOfOurDomainsAreRejectedAtRcpt() {
        Decision decision = connection().rcpt(MAIL.withRecipient("nobody@example.com"));
        assertThat(decision.replyLine())
            .isEqualTo("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
        assertThat(decision.list()).isEqualTo("smtpd_reject_unlisted_recipient");

        parameters.put("smtpd_reject_unlisted_recipient", "no");
        assertThat(connection().rcpt(MAIL.withRecipient("nobody@example.com")).accepts()).isTrue();
    }

    @Test
    void plainPostmasterIsAcceptedWhateverTheListsSayWhenItCanBeDelivered() {
        parameters.put("smtpd_client_restrictions", "reject");
        env.recipients.add("postmaster@example.com");
        SmtpTransaction qualified = MAIL.withRecipient("Postmaster@example.com").toBuilder().recipientDomainAppended(true).build();
        assertThat(connection().rcpt(qualified).accepts()).isTrue();
        assertThat(connection().rcpt(MAIL.withRecipient("Postmaster")).accepts()).as("no domain known to check").isTrue();
    }

    @Test
    void plainPostmasterNobodyReadsIsRefusedAsAnUnknownUser() {
        SmtpTransaction qualified = MAIL.withRecipient("postmaster@example.com").toBuilder().recipientDomainAppended(true).build();
        assertThat(connection().rcpt(qualified).replyLine())
            .isEqualTo("550 5.1.1 <postmaster@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void aBareRecipientIsJudgedWithItsDomainButRefusedAsSentByTheFqdnCheck() {
        SmtpTransaction bare = MAIL.withRecipient("nobody@example.com").toBuilder().recipientDomainAppended(true).build();
        assertThat(connection().rcpt(bare).replyLine())
            .isEqualTo("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table");

        parameters.put("smtpd_recipient_restrictions", "reject_non_fqdn_recipient");
        assertThat(connection().rcpt(bare).replyLine())
            .isEqualTo("504 5.5.2 <nobody>: Recipient address rejected: need fully-qualified address");
    }

    @Test
    void discardHoldsForTheRestOfTheTransaction() {
        env.table("db:clients", "192.0.2.1", "DISCARD spam trap");
        parameters.put("smtpd_client_restrictions", "check_client_access db:clients");
        TransactionPolicy policy = connection();

        Decision first = policy.rcpt(MAIL.withRecipient("bob@example.com"));
        assertThat(first.verdict()).isEqualTo(Verdict.DISCARD);
        assertThat(first.sideEffects()).singleElement()
            .isEqualTo(new SideEffect(SideEffect.Kind.DISCARD, "spam trap", "check_client_access db:clients", "smtpd_client_restrictions"));
        assertThat(policy.rcpt(MAIL.withRecipient("x@far.test")).verdict()).isEqualTo(Verdict.DISCARD);
        assertThat(policy.data(MAIL.withProtocolState(ProtocolState.DATA)).verdict()).isEqualTo(Verdict.DISCARD);
        assertThat(policy.discardsMessage()).isTrue();

        policy.reset();
        assertThat(policy.discardsMessage()).isFalse();
    }

    @Test
    void dataRestrictions() {
        parameters.put("smtpd_data_restrictions", "reject_unauth_pipelining");
        SmtpTransaction data = MAIL.toBuilder().illegalPipelining(true).protocolState(ProtocolState.DATA).build();

        assertThat(connection().data(data).replyLine())
            .isEqualTo("503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining");
    }

    @Test
    void aConfigurationThatWouldRelayForAnyoneIsRefused() {
        parameters.put("smtpd_relay_restrictions", "permit_mynetworks, permit, reject_unauth_destination");
        parameters.put("smtpd_recipient_restrictions", "warn_if_reject reject_unauth_destination");

        assertThatThrownBy(this::connection)
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("conf/policy/smtp.cf: in smtpd_relay_restrictions or smtpd_recipient_restrictions, "
                + "specify at least one working instance of: reject_unauth_destination");
    }

    @Test
    void badSettingsNameTheParameter() {
        parameters.put("unknown_address_reject_code", "250");
        assertThatThrownBy(this::connection)
            .hasMessage("conf/policy/smtp.cf: unknown_address_reject_code: '250' is not a 4xx or 5xx reply code");
        parameters.clear();
        parameters.put("mynetworks", "10.0.0.1/8");
        assertThatThrownBy(this::connection).hasMessage("conf/policy/smtp.cf: mynetworks: \"10.0.0.1/8\": "
            + "non-null host address bits, perhaps you should use \"10.0.0.0/8\" instead");
    }

    @Test
    void theVerdictNamesEachAcceptedRecipientItsClassAndWhatAcceptedIt() {
        parameters.put("mynetworks", "192.0.2.0/24");
        parameters.put("smtpd_relay_restrictions", "permit_mynetworks, reject_unauth_destination");
        TransactionPolicy policy = connection();
        policy.mail(MAIL);

        policy.rcpt(MAIL.withRecipient("bob@example.com"));
        policy.rcpt(MAIL.withRecipient("friend@relay.example"));
        policy.rcpt(MAIL.withRecipient("friend@far.test"));
        policy.rcpt(MAIL.withRecipient("nobody@example.com"));

        MailVerdict verdict = policy.verdict(MAIL);
        assertThat(verdict.recipients()).containsExactly(
            new RecipientVerdict("bob@example.com", RecipientClass.HOSTED, "smtpd_relay_restrictions", "permit_mynetworks"),
            new RecipientVerdict("friend@relay.example", RecipientClass.RELAY, "smtpd_relay_restrictions", "permit_mynetworks"),
            new RecipientVerdict("friend@far.test", RecipientClass.REMOTE, "smtpd_relay_restrictions", "permit_mynetworks"));
        assertThat(verdict.clientAddress()).isEqualTo("192.0.2.1");
        assertThat(verdict.helo()).isEqualTo("mail.sender.test");
        assertThat(verdict.server()).isEqualTo("smtp");
    }

    @Test
    void messageActionsOfAcceptedCommandsOnlyAreKeptOnceEachAndForgottenAtReset() {
        env.table("db:clients", "mail.sender.test", "PREPEND X-Client: known");
        env.table("db:rcpt", "bob@example.com", "HOLD suspicious", "nobody@example.com", "REDIRECT trap@example.com",
            "alice@example.com", "BCC archive@example.com");
        parameters.put("smtpd_client_restrictions", "check_client_access db:clients");
        parameters.put("smtpd_recipient_restrictions", "check_recipient_access db:rcpt");
        TransactionPolicy policy = connection();
        policy.mail(MAIL);

        policy.rcpt(MAIL.withRecipient("bob@example.com"));
        policy.rcpt(MAIL.withRecipient("nobody@example.com"));
        policy.rcpt(MAIL.withRecipient("alice@example.com"));

        MailVerdict verdict = policy.verdict(MAIL);
        assertThat(verdict.actions()).containsExactly(
            new PolicyAction(PolicyAction.Kind.PREPEND, "X-Client: known", "smtpd_client_restrictions", "check_client_access db:clients"),
            new PolicyAction(PolicyAction.Kind.HOLD, "suspicious", "smtpd_recipient_restrictions", "check_recipient_access db:rcpt"),
            new PolicyAction(PolicyAction.Kind.BCC, "archive@example.com", "smtpd_recipient_restrictions",
                "check_recipient_access db:rcpt"));
        assertThat(verdict.recipients()).extracting(RecipientVerdict::address).containsExactly("bob@example.com", "alice@example.com");

        policy.reset();
        assertThat(policy.verdict(MAIL).actions()).isEmpty();
        assertThat(policy.verdict(MAIL).recipients()).isEmpty();
    }
}
