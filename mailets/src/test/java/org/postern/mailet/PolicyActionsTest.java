package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientClass;
import org.postern.policy.verdict.RecipientVerdict;

class PolicyActionsTest {
    private final FakeMailContext context = FakeMailContext.defaultContext();

    private PolicyActions mailet() throws Exception {
        PolicyActions mailet = new PolicyActions();
        mailet.init(FakeMailetConfig.builder().mailetName("PolicyActions").mailetContext(context).build());
        return mailet;
    }

    private static MailVerdict verdict(PolicyAction... actions) {
        return new MailVerdict("smtp", "192.0.2.1", "client.test", "client.test", "",
            List.of(new RecipientVerdict("bob@example.com", RecipientClass.HOSTED, "", "")), List.of(actions));
    }

    private static PolicyAction action(PolicyAction.Kind kind, String argument) {
        return new PolicyAction(kind, argument, "smtpd_recipient_restrictions", "check_recipient_access db:rcpt");
    }

    private static FakeMail mail(MailVerdict verdict) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("someone@sender.test").recipients("bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Received", "from client.test")
                .addHeader("Subject", "hello").setText("body")).build();
        VerdictAttribute.set(mail, verdict);
        return mail;
    }

    @Test
    void prependedHeadersComeFirstInTheOrderFound() throws Exception {
        FakeMail mail = mail(verdict(action(PolicyAction.Kind.PREPEND, "X-First: 1"), action(PolicyAction.Kind.PREPEND, "X-Second: 2")));

        mailet().service(mail);

        List<String> lines = Collections.list(mail.getMessage().getAllHeaderLines());
        assertThat(lines.subList(0, 3)).containsExactly("X-First: 1", "X-Second: 2", "Received: from client.test");
        assertThat(lines).contains("Subject: hello");
        assertThat(VerdictAttribute.of(mail).orElseThrow().actions()).isEmpty();
    }

    @Test
    void redirectReplacesTheRecipientsAndTheVerdictSaysSo() throws Exception {
        FakeMail mail = mail(verdict(action(PolicyAction.Kind.REDIRECT, "first@far.test"),
            action(PolicyAction.Kind.REDIRECT, "trap@far.test")));

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("trap@far.test"));
        MailVerdict after = VerdictAttribute.of(mail).orElseThrow();
        assertThat(after.recipients()).extracting(RecipientVerdict::address, RecipientVerdict::recipientClass)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("trap@far.test", RecipientClass.REMOTE));
        assertThat(after.has(PolicyAction.Kind.REDIRECT)).isFalse();
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void bccSendsOneCopyWithoutActionsAndKeepsTheOriginal() throws Exception {
        FakeMail mail = mail(verdict(action(PolicyAction.Kind.BCC, "archive@example.com"), action(PolicyAction.Kind.HOLD, "")));

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail copy = context.getSentMails().get(0);
        assertThat(copy.getRecipients()).containsExactly(new MailAddress("archive@example.com"));
        assertThat(copy.getSender()).as("the copy's failure is not reported to the sender").isNull();
        assertThat(VerdictAttribute.of(mail).orElseThrow().actions()).extracting(PolicyAction::kind)
            .containsExactly(PolicyAction.Kind.HOLD);
    }

    @Test
    void mailWithoutVerdictOrActionsPassesUntouched() throws Exception {
        FakeMail plain = FakeMail.builder().name("m2").recipients("bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();

        mailet().service(plain);
        mailet().service(mail(verdict()));

        assertThat(plain.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void prependKeepsEveryOtherHeaderExactlyOnceAsWritten() throws Exception {
        FakeMail mail = FakeMail.builder().name("m3").sender("someone@sender.test").recipients("bob@example.com")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                "X-Spaced : value\r\nReceived: from a\r\nReceived: from b\r\nSubject: hello\r\n\r\nbody\r\n"
                    .getBytes(StandardCharsets.US_ASCII)))).build();
        VerdictAttribute.set(mail, verdict(action(PolicyAction.Kind.PREPEND, "X-Checked: yes")));

        mailet().service(mail);

        assertThat(Collections.list(mail.getMessage().getAllHeaderLines()))
            .containsExactly("X-Checked: yes", "X-Spaced : value", "Received: from a", "Received: from b", "Subject: hello");
        assertThat(mail.getMessage().getContent()).isEqualTo("body\r\n");
    }

    @Test
    void prependOnAMessageOfFortyThousandHeadersIsOnePass() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            headers.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
        }
        FakeMail mail = FakeMail.builder().name("m4").sender("someone@sender.test").recipients("bob@example.com")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                (headers + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)))).build();
        VerdictAttribute.set(mail, verdict(action(PolicyAction.Kind.PREPEND, "X-Checked: yes")));

        // a quadratic walk over the headers takes many seconds here; one pass takes a fraction of one
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> mailet().service(mail));

        List<String> lines = Collections.list(mail.getMessage().getAllHeaderLines());
        assertThat(lines).hasSize(40_001);
        assertThat(lines.get(0)).isEqualTo("X-Checked: yes");
        assertThat(lines.get(40_000)).isEqualTo("X-Header-39999: 39999");
    }

    @Test
    void aTargetThatIsNotAnAddressIsSkippedAndTheOtherActionsAreCarriedOut() throws Exception {
        FakeMail mail = mail(verdict(action(PolicyAction.Kind.BCC, "not an address"), action(PolicyAction.Kind.PREPEND, "X-Checked: yes")));

        mailet().service(mail);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(mail.getMessage().getHeader("X-Checked")).containsExactly("yes");
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
        assertThat(VerdictAttribute.of(mail).orElseThrow().actions()).isEmpty();
    }
}
