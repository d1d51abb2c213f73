package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.MailEnvelopeImpl;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.table.RecipientDelimiter;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.VirtualSettings;

class ForwardingLoopTest {
    private final FakeSmtpSession fake = new FakeSmtpSession();
    /** team@example.com is a list of alice and bob; alice and bob are mailboxes. */
    private final ForwardingLoop hook = new ForwardingLoop(new LocalRecipients() {
        private final Map<String, List<String>> lists = Map.of("team@example.com", List.of("alice@example.com", "bob@example.com"));

        @Override
        public boolean isHostedDomain(String domain) {
            return domain.equals("example.com");
        }

        @Override
        public Expansion expand(String address, VirtualSettings settings) {
            List<String> mailboxes = lists.getOrDefault(address, List.of(address));
            return new Expansion(Expansion.Status.DELIVERED,
                mailboxes.stream().map(mailbox -> new Expansion.Delivery(mailbox, address, "", true)).toList(), "");
        }
    }, new VirtualSettings(RecipientDelimiter.of("+"), Set.of()));

    private static MailEnvelopeImpl message(String recipient, String header) throws Exception {
        MailEnvelopeImpl envelope = new MailEnvelopeImpl();
        envelope.setRecipients(List.of(new MailAddress(recipient)));
        try (OutputStream out = envelope.getMessageOutputStream()) {
            out.write((header + "Subject: hi\r\n\r\nDelivered-To: alice@example.com in the body does not count\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        }
        return envelope;
    }

    @Test
    void aMessageThatWasDeliveredToOneOfItsMailboxesIsRefused() throws Exception {
        HookResult toAlice = hook.onMessage(fake.session, message("alice@example.com", "Delivered-To: Alice@Example.com\r\n"));
        HookResult viaTheList = hook.onMessage(fake.session, message("team@example.com", "Delivered-To: <bob@example.com>\r\n"));

        assertThat(toAlice.getSmtpRetCode() + " " + toAlice.getSmtpDescription())
            .isEqualTo("554 5.4.6 Error: mail forwarding loop for alice@example.com");
        assertThat(viaTheList.getSmtpRetCode() + " " + viaTheList.getSmtpDescription())
            .isEqualTo("554 5.4.6 Error: mail forwarding loop for bob@example.com");
    }

    @Test
    void otherMessagesPass() throws Exception {
        assertThat(hook.onMessage(fake.session, message("alice@example.com", "Delivered-To: carol@example.com\r\n")))
            .isEqualTo(HookResult.DECLINED);
        assertThat(hook.onMessage(fake.session, message("alice@example.com", ""))).isEqualTo(HookResult.DECLINED);
        assertThat(hook.onMessage(fake.session, message("friend@far.test", "Delivered-To: alice@example.com\r\n")))
            .isEqualTo(HookResult.DECLINED);
    }
}
