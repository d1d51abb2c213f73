package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class DeliveryHeadersTest {
    private final FakeMailContext context = FakeMailContext.defaultContext();

    private DeliveryHeaders mailet() throws Exception {
        DeliveryHeaders mailet = new DeliveryHeaders();
        mailet.init(FakeMailetConfig.builder().mailetName("DeliveryHeaders").mailetContext(context).build());
        return mailet;
    }

    @Test
    void eachCopyNamesItsMailboxAndTheAddressItWasSentTo() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").recipients("alice@example.com", "bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body"))
            .attribute(new Attribute(VirtualAliases.ORIGINAL_RECIPIENTS,
                AttributeValue.of(Map.of("alice@example.com", AttributeValue.of("team@example.com")))))
            .build();

        mailet().service(mail);

        PerRecipientHeaders headers = mail.getPerRecipientSpecificHeaders();
        assertThat(headers.getHeadersForRecipient(new MailAddress("alice@example.com")))
            .extracting(header -> header.getName() + ": " + header.getValue())
            .containsExactly("Delivered-To: alice@example.com", "X-Original-To: team@example.com", "X-Postern-Delivery: m1");
        assertThat(headers.getHeadersForRecipient(new MailAddress("bob@example.com")))
            .extracting(header -> header.getName() + ": " + header.getValue())
            .containsExactly("Delivered-To: bob@example.com", "X-Original-To: bob@example.com", "X-Postern-Delivery: m1");
    }

    @Test
    void aDeliveryMarkThatCameWithTheMessageIsRemoved() throws Exception {
        FakeMail mail = FakeMail.builder().name("m2").recipients("alice@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("X-Postern-Delivery", "forged").setText("body"))
            .build();

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader("X-Postern-Delivery")).isNull();
        assertThat(mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(new MailAddress("alice@example.com")))
            .extracting(header -> header.getName() + ": " + header.getValue())
            .contains("X-Postern-Delivery: m2");
    }

    @Test
    void aMessageThatWasDeliveredToTheMailboxBeforeIsBouncedAsALoop() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").recipients("alice@example.com", "bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Delivered-To", "Alice@Example.com").setText("body"))
            .build();

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getRecipients()).containsExactly(new MailAddress("alice@example.com"));
        assertThat(context.getSentMails().get(0).getState()).isEqualTo("local-address-error");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }
}
