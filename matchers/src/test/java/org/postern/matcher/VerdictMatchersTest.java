package org.postern.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientClass;
import org.postern.policy.verdict.RecipientVerdict;

class VerdictMatchersTest {
    private static final MailVerdict VERDICT = new MailVerdict("smtp", "192.0.2.1", "client.test", "client.test", "alice",
        List.of(new RecipientVerdict("bob@example.com", RecipientClass.HOSTED, "", ""),
            new RecipientVerdict("friend@far.test", RecipientClass.REMOTE, "smtpd_relay_restrictions", "permit_sasl_authenticated"),
            new RecipientVerdict("backup@relayed.test", RecipientClass.RELAY, "", "")),
        List.of(new PolicyAction(PolicyAction.Kind.HOLD, "", "smtpd_client_restrictions", "check_client_access db:x")));

    private static <T extends Matcher> T init(T matcher, String condition) throws MessagingException {
        matcher.init(FakeMatcherConfig.builder().matcherName(matcher.getClass().getSimpleName()).condition(condition).build());
        return matcher;
    }

    private static FakeMail mail(MailVerdict verdict) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m").recipients("bob@example.com", "friend@far.test", "backup@relayed.test",
            "target@alias.test").build();
        if (verdict != null) {
            VerdictAttribute.set(mail, verdict);
        }
        return mail;
    }

    @Test
    void hasPolicyActionMatchesEveryRecipientOfAMailWhoseVerdictAsksForIt() throws Exception {
        assertThat(init(new HasPolicyAction(), "HOLD").match(mail(VERDICT))).hasSize(4);
        assertThat(init(new HasPolicyAction(), "redirect, bcc").match(mail(VERDICT))).isEmpty();
        assertThat(init(new HasPolicyAction(), "HOLD").match(mail(VERDICT.withoutActions()))).isEmpty();
        assertThat(init(new HasPolicyAction(), "HOLD").match(mail(null))).isEmpty();
    }

    @Test
    void recipientClassIsMatchesTheRecipientsTheDoorClassified() throws Exception {
        assertThat(init(new RecipientClassIs(), "remote,relay").match(mail(VERDICT)))
            .containsExactly(new MailAddress("friend@far.test"), new MailAddress("backup@relayed.test"));
        assertThat(init(new RecipientClassIs(), "hosted").match(mail(VERDICT))).containsExactly(new MailAddress("bob@example.com"));
        assertThat(init(new RecipientClassIs(), "remote").match(mail(null))).isEmpty();
    }

    @Test
    void aConditionThatNamesNothingKnownStopsStartup() {
        assertThatThrownBy(() -> init(new HasPolicyAction(), "HOLD,SHRED")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("unknown action SHRED");
        assertThatThrownBy(() -> init(new HasPolicyAction(), "")).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> init(new RecipientClassIs(), "local")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("unknown class local (known: hosted, relay, remote)");
    }
}
