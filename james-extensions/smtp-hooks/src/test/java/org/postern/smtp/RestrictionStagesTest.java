package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.MailEnvelopeImpl;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientClass;

/** The restriction stages on a fake session: what each answers, and the verdict they leave on the mail. */
class RestrictionStagesTest {
    private static final MaybeSender SENDER = MaybeSender.getMailSender("someone@sender.test");

    private static String reply(HookResult result) {
        return result.getSmtpRetCode() + " " + result.getSmtpDescription();
    }

    private static HookResult helo(FakeSmtpSession fake, RestrictionsByServer restrictions, String command, String name) {
        HeloStage stage = new HeloStage(restrictions);
        stage.onCommand(fake.session, new BaseRequest(command, name));
        return stage.doHelo(fake.session, name);
    }

    private static HookResult mail(FakeSmtpSession fake, RestrictionsByServer restrictions, String argument) {
        MailStage stage = new MailStage(restrictions);
        stage.onCommand(fake.session, new BaseRequest("MAIL", argument));
        return stage.doMail(fake.session, SENDER);
    }

    private static HookResult rcpt(FakeSmtpSession fake, RestrictionsByServer restrictions, String recipient) throws Exception {
        RcptStage stage = new RcptStage(restrictions);
        stage.onCommand(fake.session, new BaseRequest("RCPT", "TO:<" + recipient + ">"));
        HookResult result = stage.doRcpt(fake.session, SENDER, new MailAddress(recipient));
        if (result.equals(HookResult.DECLINED)) {
            fake.accepted(recipient);
        }
        return result;
    }

    @Test
    void rcptRefusesARelayAttemptWithPostfixsReply() throws Exception {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_relay_restrictions", "permit_mynetworks, reject_unauth_destination");
        RestrictionsByServer restrictions = fake.restrictions();
        mail(fake, restrictions, "FROM:<someone@sender.test>");

        HookResult result = rcpt(fake, restrictions, "friend@far.test");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(reply(result)).isEqualTo("554 5.7.1 <friend@far.test>: Relay access denied");
        assertThat(fake.session.isRelayingAllowed()).isFalse();
        assertThat(rcpt(fake, restrictions, "bob@example.com")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void rcptLetsJamesRelayWhatTheListsAuthorised() throws Exception {
        FakeSmtpSession fake = new FakeSmtpSession("mynetworks", "192.0.2.0/24");
        RestrictionsByServer restrictions = fake.restrictions();
        mail(fake, restrictions, "FROM:<someone@sender.test>");

        assertThat(rcpt(fake, restrictions, "friend@far.test")).isEqualTo(HookResult.DECLINED);
        assertThat(fake.session.isRelayingAllowed()).isTrue();
    }

    @Test
    void withoutDelayRejectHeloAndMailAnswerThemselves() {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_delay_reject", "no",
            "smtpd_helo_restrictions", "reject_non_fqdn_helo_hostname", "smtpd_sender_restrictions", "reject_non_fqdn_sender");
        RestrictionsByServer restrictions = fake.restrictions();

        assertThat(reply(helo(fake, restrictions, "EHLO", "localhost")))
            .isEqualTo("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname");
        assertThat(helo(fake, restrictions, "HELO", "mail.sender.test")).isEqualTo(HookResult.DECLINED);
        assertThat(reply(mail(fake, restrictions, "FROM:<someone>")))
            .isEqualTo("504 5.5.2 <someone>: Sender address rejected: need fully-qualified address");
    }

    @Test
    void heloRequiredIsAnsweredAtMail() {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_helo_required", "yes");

        assertThat(reply(mail(fake, fake.restrictions(), "FROM:<someone@sender.test>")))
            .isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
    }

    @Test
    void dataRunsTheDataListOnceThereAreRecipients() throws Exception {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_data_restrictions", "reject_multi_recipient_bounce");
        RestrictionsByServer restrictions = fake.restrictions();
        DataStage data = new DataStage(restrictions);
        MailStage mailStage = new MailStage(restrictions);
        mailStage.onCommand(fake.session, new BaseRequest("MAIL", "FROM:<>"));
        assertThat(mailStage.doMail(fake.session, MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);

        assertThat(data.onCommand(fake.session, new BaseRequest("DATA", null))).isNull();
        assertThat(rcpt(fake, restrictions, "alice@example.com")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(fake, restrictions, "bob@example.com")).isEqualTo(HookResult.DECLINED);

        Response refused = data.onCommand(fake.session, new BaseRequest("DATA", null));
        assertThat(refused.getRetCode()).isEqualTo("550");
        assertThat(refused.getLines().get(0).toString()).endsWith("5.5.3 <DATA>: Data command rejected: Multi-recipient bounce");
    }

    @Test
    void theAcceptedMessageCarriesTheVerdictAndRsetForgetsIt() throws Exception {
        FakeSmtpSession fake = new FakeSmtpSession("mynetworks", "192.0.2.0/24",
            "smtpd_recipient_restrictions", "check_recipient_access db:rcpt");
        fake.env.table("db:rcpt", "bob@example.com", "HOLD for review", "friend@far.test", "PREPEND X-Relayed: yes");
        RestrictionsByServer restrictions = fake.restrictions();
        EndOfDataStage end = new EndOfDataStage(restrictions);
        mail(fake, restrictions, "FROM:<someone@sender.test>");
        rcpt(fake, restrictions, "bob@example.com");
        rcpt(fake, restrictions, "friend@far.test");
        rcpt(fake, restrictions, "friend@[192.0.2.7]");

        assertThat(end.onMessage(fake.session, envelope(fake))).isEqualTo(HookResult.DECLINED);
        FakeMail accepted = FakeMail.builder().name("m1").build();
        end.onMessage(fake.session, accepted);

        MailVerdict verdict = VerdictAttribute.of(accepted).orElseThrow();
        // each recipient as the mail will carry it, whatever the client's spelling
        assertThat(verdict.recipients()).extracting(recipient -> recipient.address() + " " + recipient.recipientClass())
            .containsExactly("bob@example.com " + RecipientClass.HOSTED, "friend@far.test " + RecipientClass.REMOTE,
                new MailAddress("friend@[192.0.2.7]").asString() + " " + RecipientClass.REMOTE);
        assertThat(verdict.recipient(new MailAddress("friend@[192.0.2.7]").asString())).isPresent();
        assertThat(verdict.actions()).extracting(PolicyAction::kind)
            .containsExactly(PolicyAction.Kind.HOLD, PolicyAction.Kind.PREPEND);
        assertThat(verdict.server()).isEqualTo("smtp");

        new MailStage(restrictions).onCommand(fake.session, new BaseRequest("RSET", null));
        fake.session.resetState();
        FakeMail next = FakeMail.builder().name("m2").build();
        end.onMessage(fake.session, next);
        assertThat(VerdictAttribute.of(next)).isEmpty();
    }

    @Test
    void aDiscardAcceptsTheMessageAndDropsIt() throws Exception {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_recipient_restrictions", "check_recipient_access db:rcpt");
        fake.env.table("db:rcpt", "bob@example.com", "DISCARD spam trap");
        RestrictionsByServer restrictions = fake.restrictions();
        mail(fake, restrictions, "FROM:<someone@sender.test>");
        rcpt(fake, restrictions, "bob@example.com");

        HookResult result = new EndOfDataStage(restrictions).onMessage(fake.session, envelope(fake));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(reply(result)).isEqualTo("250 2.0.0 Ok: discarded");
    }

    @Test
    void aSessionOfAnotherListenerHasNoServer() {
        FakeSmtpSession foreign = new FakeSmtpSession();
        foreign.session.removeAttachment(ServerSection.NAME, ProtocolSession.State.Connection);

        assertThatThrownBy(() -> ServerSection.name(foreign.session)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("smtpserver.xml must use Postern's SMTP server");
    }

    private static MailEnvelopeImpl envelope(FakeSmtpSession fake) {
        MailEnvelopeImpl envelope = new MailEnvelopeImpl();
        envelope.setSender(SENDER);
        envelope.setRecipients(fake.session.getAttachment(org.apache.james.protocols.smtp.SMTPSession.RCPT_LIST,
            ProtocolSession.State.Transaction).orElse(List.of()));
        return envelope;
    }
}
