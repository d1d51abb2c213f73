package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.table.RecipientDelimiter;
import org.postern.policy.table.TableLookupException;
import org.postern.policy.virtual.AliasEntry;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.Mailboxes;
import org.postern.policy.virtual.VirtualSettings;

class VirtualAliasesTest {
    private final Map<String, AliasEntry> table = new HashMap<>();
    private boolean tableDown;
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final org.postern.policy.virtual.VirtualAliases aliases = new org.postern.policy.virtual.VirtualAliases(
        key -> {
            if (tableDown) {
                throw new TableLookupException("the alias table does not answer");
            }
            return Optional.ofNullable(table.get(key));
        }, new Mailboxes() {
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

    private Instant now = Instant.parse("2026-11-29T10:00:00Z");

    private VirtualAliases mailet() throws Exception {
        VirtualAliases mailet = new VirtualAliases(recipients, new VirtualSettings(RecipientDelimiter.of("+"), Set.of("postmaster")),
            Clock.fixed(now, ZoneOffset.UTC));
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

    @Test
    void anOutsideRecipientThatAListAlsoNamesGetsTheMailOnce() throws Exception {
        table.put("team@example.com", new AliasEntry.Addresses(List.of("alice@example.com", "friend@far.test", "other@far.test")));
        FakeMail mail = mail("team@example.com", "friend@far.test");

        mailet().service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("alice@example.com"), new MailAddress("friend@far.test"));
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getRecipients()).containsExactly(new MailAddress("other@far.test"));
    }

    @Test
    void aTableThatDoesNotAnswerDefersTheWholeMailInsteadOfBouncingIt() throws Exception {
        table.put("team@example.com", new AliasEntry.Addresses(List.of("alice@example.com", "friend@far.test")));
        tableDown = true;
        FakeMail mail = mail("bob@example.com", "team@example.com");

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail again = context.getSentMails().get(0);
        assertThat(again.getRecipients()).containsExactly(new MailAddress("bob@example.com"), new MailAddress("team@example.com"));
        assertThat(again.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(again.getDelay()).contains(new FakeMailContext.Delay(300, TimeUnit.SECONDS));
        assertThat(again.getAttributes()).containsKey(Deferral.SINCE);
    }

    @Test
    void mailDeferredForFiveDaysGoesToTheErrorProcessor() throws Exception {
        tableDown = true;
        FakeMail mail = mail("team@example.com");
        mail.setAttribute(new Attribute(Deferral.SINCE, AttributeValue.of("2026-11-24T09:00:00Z")));

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage()).startsWith("4.3.0 ").doesNotContain("Exception");
        assertThat(context.getSentMails()).isEmpty();
    }
}
