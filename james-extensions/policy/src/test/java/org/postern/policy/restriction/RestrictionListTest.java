package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestrictionListTest {
    private final TestEnvironment env = new TestEnvironment();

    @Test
    void theFirstAnswerOtherThanDunnoWins() {
        env.table("hash:/etc/postfix/recipients", "vip@partner.test", "OK", "partner.test", "REJECT");
        RestrictionList list = env.list(Stage.RECIPIENT,
            "check_recipient_access hash:/etc/postfix/recipients, reject");

        Decision vip = list.evaluate(TestEnvironment.strangerTo("vip@partner.test"));
        assertThat(vip.verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(vip.check()).isEqualTo("check_recipient_access hash:/etc/postfix/recipients");
        assertThat(vip.list()).isEqualTo("smtpd_recipient_restrictions");

        Decision other = list.evaluate(TestEnvironment.strangerTo("other@partner.test"));
        assertThat(other.replyLine()).isEqualTo("554 5.7.1 <other@partner.test>: Recipient address rejected: Access denied");
        assertThat(other.check()).isEqualTo("check_recipient_access hash:/etc/postfix/recipients");

        Decision unknown = list.evaluate(TestEnvironment.strangerTo("x@else.test"));
        assertThat(unknown.replyLine()).isEqualTo("554 5.7.1 <x@else.test>: Recipient address rejected: Access denied");
        assertThat(unknown.check()).isEqualTo("reject");
    }

    @Test
    void anExhaustedListAnswersDunnoWhichAccepts() {
        Decision decision = env.list(Stage.RECIPIENT, "permit_mynetworks, reject_non_fqdn_recipient")
            .evaluate(TestEnvironment.strangerTo("bob@example.com"));

        assertThat(decision.verdict()).isEqualTo(Verdict.DUNNO);
        assertThat(decision.accepts()).isTrue();
        assertThat(decision.reply()).isEmpty();
        assertThat(decision.check()).isEmpty();
    }

    @Test
    void aRejectionNamesTheSubjectOfTheStage() {
        SmtpTransaction transaction = TestEnvironment.strangerTo("bob@example.com");
        assertThat(env.list(Stage.CLIENT, "reject").evaluate(transaction).replyLine())
            .isEqualTo("554 5.7.1 <mail.sender.test[192.0.2.1]>: Client host rejected: Access denied");
        assertThat(env.list(Stage.HELO, "reject").evaluate(transaction).replyLine())
            .isEqualTo("554 5.7.1 <mail.sender.test>: Helo command rejected: Access denied");
        assertThat(env.list(Stage.SENDER, "defer").evaluate(transaction).replyLine())
            .isEqualTo("450 4.3.2 <someone@sender.test>: Sender address rejected: Try again later");
        assertThat(env.list(Stage.DATA, "reject").evaluate(transaction).replyLine())
            .isEqualTo("554 5.7.1 <DATA>: Data command rejected: Access denied");
        assertThat(env.list(Stage.END_OF_DATA, "reject").evaluate(transaction).replyLine())
            .isEqualTo("554 5.7.1 <END-OF-MESSAGE>: End-of-data rejected: Access denied");
    }

    @Test
    void warnIfRejectLogsTheNextRejectionAndGoesOn() {
        RestrictionList list = env.list(Stage.RECIPIENT, "warn_if_reject reject_non_fqdn_recipient, reject_non_fqdn_sender");
        SmtpTransaction transaction = TestEnvironment.rcpt("192.0.2.1", "unknown", "h.test", "sender@nodots", "alice");

        Decision decision = list.evaluate(transaction);

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.replyLine()).isEqualTo("504 5.5.2 <sender@nodots>: Sender address rejected: need fully-qualified address");
        assertThat(decision.dryRuns()).singleElement().satisfies(dryRun -> {
            assertThat(dryRun.isDryRun()).isTrue();
            assertThat(dryRun.replyLine()).isEqualTo("504 5.5.2 <alice>: Recipient address rejected: need fully-qualified address");
            assertThat(dryRun.check()).isEqualTo("reject_non_fqdn_recipient");
            assertThat(dryRun.list()).isEqualTo("smtpd_recipient_restrictions");
        });
    }

    @Test
    void warnIfRejectDoesNotTurnALookupFailureIntoAnAccept() {
        env.destinations = new FixedDestinations(java.util.Set.of(), java.util.Set.of()).failing();
        Decision decision = env.list(Stage.RECIPIENT, "warn_if_reject reject_unauth_destination")
            .evaluate(TestEnvironment.strangerTo("x@far.test"));

        assertThat(decision.replyLine()).isEqualTo("451 4.3.0 <x@far.test>: Temporary lookup failure");
        assertThat(decision.dryRuns()).isEmpty();
    }

    @Test
    void aTemporaryDnsFailureDefersOnlyIfNothingRejects() {
        env.dns.failing("flaky.test");
        SmtpTransaction transaction = TestEnvironment.rcpt("192.0.2.1", "unknown", "h.test", "u@flaky.test", "bob@example.com");

        Decision permitted = env.list(Stage.SENDER, "reject_unknown_sender_domain, permit").evaluate(transaction);
        assertThat(permitted.replyLine()).isEqualTo("450 4.1.8 <u@flaky.test>: Sender address rejected: Domain not found");
        assertThat(permitted.check()).isEqualTo("reject_unknown_sender_domain");

        Decision rejected = env.list(Stage.SENDER, "reject_unknown_sender_domain, reject").evaluate(transaction);
        assertThat(rejected.replyLine()).isEqualTo("554 5.7.1 <u@flaky.test>: Sender address rejected: Access denied");
    }

    @Test
    void deferIfRejectTurnsALaterPermanentRejectionIntoADeferral() {
        RestrictionList list = env.list(Stage.RECIPIENT, "defer_if_reject, reject");
        assertThat(list.evaluate(TestEnvironment.strangerTo("bob@example.com")).replyLine())
            .isEqualTo("450 4.7.0 <bob@example.com>: Recipient address rejected: defer_if_reject requested");
    }

    @Test
    void softBounceTurnsPermanentIntoTemporary() {
        env.parameters.put("soft_bounce", "yes");
        assertThat(env.list(Stage.RECIPIENT, "reject_unauth_destination").evaluate(TestEnvironment.strangerTo("x@far.test")).replyLine())
            .isEqualTo("454 4.7.1 <x@far.test>: Relay access denied");
    }
}
