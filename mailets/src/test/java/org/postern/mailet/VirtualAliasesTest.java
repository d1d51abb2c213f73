package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.table.RecipientDelimiter;
import org.postern.policy.virtual.AliasEntry;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.Mailboxes;
import org.postern.policy.virtual.VirtualSettings;

class VirtualAliasesTest {
    private final Map<String, AliasEntry> table = new HashMap<>();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final org.postern.policy.virtual.VirtualAliases aliases = new org.postern.policy.virtual.VirtualAliases(
        key -> Optional.ofNullable(table.get(key)), new Mailboxes() {
            @Override
            public boolean isHostedDomain(String domain) {
                return domain.equals("example.com");
            }

            @Override
            public boolean hasMailbox(String address) {
                return Set.of("alice@example.com", "bob@example.com").contains(address);
            }

            @Override
            public Optional<String> postmaster() {
                return Optional.of("alice@example.com");
            }
        });
    private final LocalRecipients recipients = new LocalRecipients() {
        @Override
        public boolean isHostedDomain(String domain) {
            return domain.equals("example.com");
        }

        @Override
        public Expansion expand(String address, VirtualSettings settings) {
            return aliases.expand(address, settings);
        }
    };

    private VirtualAliases mailet() throws Exception {
        VirtualAliases mailet = new VirtualAliases(recipients, new VirtualSettings(RecipientDelimiter.of("+"), Set.of("postmaster")));
        mailet.init(FakeMailetConfig.builder().mailetName("VirtualAliases").mailetContext(context).build());
        return mailet;
    }

    private static FakeMail mail(String... recipients) throws Exception {
        return FakeMail.builder().name("m1").sender("someone@sender.test").recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();
    }

    @Test
    void aliasesBecomeTheirMailboxesOnceEachAndForwardsLeaveInTheirOwnCopy() throws Exception {
        table.put("team@example.com", new AliasEntry.Addresses(List.of("alice@example.com", "bob@example.com", "friend@far.test")));
        FakeMail mail = mail("team@example.com", "alice+news@example.com", "postmaster@example.com", "x@other.test");

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("alice@example.com"), new MailAddress("bob@example.com"),
            new MailAddress("x@other.test"));
        assertThat(mail.getAttribute(VirtualAliases.ORIGINAL_RECIPIENTS)).isPresent();
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getRecipients()).containsExactly(new MailAddress("friend@far.test"));
        assertThat(context.getSentMails().get(0).getState()).isEqualTo(Mail.DEFAULT);
    }

    @Test
    void anAddressThatCannotBeDeliveredGoesToTheErrorProcessorWithItsReason() throws Exception {
        FakeMail mail = mail("nobody@example.com");

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail refused = context.getSentMails().get(0);
        assertThat(refused.getState()).isEqualTo("local-address-error");
        assertThat(refused.getRecipients()).containsExactly(new MailAddress("nobody@example.com"));
    }
}
