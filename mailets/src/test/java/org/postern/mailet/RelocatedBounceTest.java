package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.postern.policy.access.MemoryTable;
import org.postern.policy.address.RelocatedUsers;
import org.postern.policy.table.RecipientDelimiter;

class RelocatedBounceTest {
    private final FakeMailContext context;
    private final RelocatedUsers relocated = new RelocatedUsers(
        List.of(MemoryTable.of("db:relocated", "john@example.com", "john@new.example")), RecipientDelimiter.of("+"));

    RelocatedBounceTest() throws Exception {
        context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@mx.example.com")).build();
    }

    private RelocatedBounce mailet() throws Exception {
        RelocatedBounce mailet = new RelocatedBounce(relocated);
        mailet.init(FakeMailetConfig.builder().mailetName("RelocatedBounce").mailetContext(context).build());
        return mailet;
    }

    @Test
    void theSenderGetsADeliveryStatusNotificationNamingTheNewAddress() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@example.com").recipients("john+x@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Subject", "lunch?").setText("body")).build();

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail notice = context.getSentMails().get(0);
        assertThat(notice.getSender()).isNull();
        assertThat(notice.getRecipients()).containsExactly(new MailAddress("alice@example.com"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        notice.getMsg().writeTo(out);
        String text = out.toString(StandardCharsets.US_ASCII);
        assertThat(notice.getMsg().getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(text).contains("From: MAILER-DAEMON@mx.example.com")
            .contains("Final-Recipient: rfc822; john+x@example.com")
            .contains("Status: 5.1.6")
            .contains("<john+x@example.com>: User has moved to john@new.example")
            .contains("Subject: lunch?");
    }

    @Test
    void aNotificationIsNeverBounced() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").recipients("john@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void recipientsWhoDidNotMoveGoOn() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@example.com").recipients("john@example.com", "bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();

        mailet().service(mail);

        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void whenTheTableDoesNotAnswerTheMailIsDeferred() throws Exception {
        RelocatedBounce mailet = new RelocatedBounce(new RelocatedUsers(List.of(MemoryTable.of("db:relocated").failing()),
            RecipientDelimiter.of("+")));
        mailet.init(FakeMailetConfig.builder().mailetName("RelocatedBounce").mailetContext(context).build());
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@example.com").recipients("john@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).singleElement().satisfies(again -> {
            assertThat(again.getRecipients()).containsExactly(new MailAddress("john@example.com"));
            assertThat(again.getDelay()).isPresent();
        });
    }
}
