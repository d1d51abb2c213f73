package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;
import org.postern.policy.restriction.RestrictionsByServer;

/** The per-connection limits on a fake session: errors, commands, message size and line endings. */
class SessionLimitsTest {
    private static final LineHandler<SMTPSession> LINE = (session, line) -> null;

    @Test
    void theReplyToTheErrorThatReachesTheHardLimitIsFollowedBy421() {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_hard_error_limit", "2", "smtpd_soft_error_limit", "10");
        ErrorLimits limits = new ErrorLimits(fake.restrictions());
        SMTPResponse unknown = new SMTPResponse("500", "5.5.2 Error: command not recognized");

        Response first = limits.onResponse(fake.session, unknown, 0, LINE);
        Response second = limits.onResponse(fake.session, new SMTPResponse("500", "5.5.2 Error: command not recognized"), 0, LINE);

        assertThat(first.isEndSession()).isFalse();
        assertThat(second.isEndSession()).isTrue();
        assertThat(second.getLines()).extracting(CharSequence::toString)
            .containsExactly("500 5.5.2 Error: command not recognized", "421 4.7.0 mx.example.test Error: too many errors");
        assertThat(limits.onCommand(fake.session, new BaseRequest("NOOP", null))).isInstanceOf(ReplyPacer.Held.class);
    }

    @Test
    void anAcceptedMessageForgivesTheErrors() {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_hard_error_limit", "2", "smtpd_soft_error_limit", "10");
        ErrorLimits limits = new ErrorLimits(fake.restrictions());
        limits.onResponse(fake.session, new SMTPResponse("550", "5.1.1 no"), 0, LINE);

        limits.onLine(fake.session, ".\r\n".getBytes(StandardCharsets.US_ASCII),
            (session, line) -> new SMTPResponse("250", "2.0.0 Ok: queued"));
        Response next = limits.onResponse(fake.session, new SMTPResponse("550", "5.1.1 no"), 0, LINE);

        assertThat(next.isEndSession()).isFalse();
    }

    @Test
    void recipientsBeyondTheLimitAndVrfyAreAnsweredAsPostfixDoes() throws Exception {
        FakeSmtpSession fake = new FakeSmtpSession("smtpd_recipient_limit", "1", "disable_vrfy_command", "no");
        CommandLimits limits = new CommandLimits(fake.restrictions());

        assertThat(limits.onCommand(fake.session, new BaseRequest("RCPT", "TO:<a@example.com>"))).isNull();
        fake.accepted("a@example.com");
        assertThat(limits.onCommand(fake.session, new BaseRequest("RCPT", "TO:<b@example.com>")).getLines().get(0).toString())
            .isEqualTo("452 4.5.3 Error: too many recipients");
        assertThat(limits.onCommand(fake.session, new BaseRequest("VRFY", "alice")).getLines().get(0).toString())
            .isEqualTo("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
        assertThat(limits.onCommand(fake.session, new BaseRequest("MAIL", "FROM:<a@b.example> SIZE=999999999")).getRetCode())
            .isEqualTo("552");
    }

    @Test
    void aMessageOverTheSizeLimitIsReadAndRefusedAtItsEnd() {
        FakeSmtpSession fake = new FakeSmtpSession("message_size_limit", "10");
        RestrictionsByServer restrictions = fake.restrictions();
        MessageSizeLimit limit = new MessageSizeLimit(restrictions);
        StringBuilder stored = new StringBuilder();
        LineHandler<SMTPSession> store = (session, line) -> {
            stored.append(new String(line, StandardCharsets.US_ASCII));
            return null;
        };

        assertThat(limit.getImplementedEsmtpFeatures(fake.session)).containsExactly("SIZE 10");
        limit.onLine(fake.session, "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII), store);
        limit.onLine(fake.session, "more text\r\n".getBytes(StandardCharsets.US_ASCII), store);

        assertThat(stored.toString()).isEmpty();
        HookResult refused = limit.onMessage(fake.session, null);
        assertThat(refused.getSmtpRetCode() + " " + refused.getSmtpDescription()).isEqualTo("552 5.3.4 Error: message file too big");
    }

    @Test
    void bareNewlinesInMessagesAreNormalizedByDefault() {
        FakeSmtpSession fake = new FakeSmtpSession();
        MessageLineEndings endings = new MessageLineEndings(fake.restrictions());
        StringBuilder stored = new StringBuilder();

        endings.onLine(fake.session, "a\rb\r\n".getBytes(StandardCharsets.US_ASCII), (session, line) -> {
            stored.append(new String(line, StandardCharsets.US_ASCII));
            return null;
        });

        assertThat(stored.toString()).doesNotContain("a\rb");
    }
}
