package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

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
}
