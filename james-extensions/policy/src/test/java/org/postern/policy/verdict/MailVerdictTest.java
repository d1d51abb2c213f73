package org.postern.policy.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class MailVerdictTest {
    private static final MailVerdict VERDICT = new MailVerdict("smtp", "192.0.2.1", "mail.sender.test", "mail.sender.test", "",
        List.of(new RecipientVerdict("bob@example.com", RecipientClass.HOSTED, "", ""),
            new RecipientVerdict("x@far.test", RecipientClass.REMOTE, "smtpd_relay_restrictions", "permit_mynetworks")),
        List.of(new PolicyAction(PolicyAction.Kind.REDIRECT, "a@example.com", "l", "c1"),
            new PolicyAction(PolicyAction.Kind.PREPEND, "X-A: 1", "l", "c2"),
            new PolicyAction(PolicyAction.Kind.REDIRECT, "b@example.com", "l", "c3")));

    @Test
    void survivesJsonAndIgnoresFieldsANewerServerAdded() {
        assertThat(MailVerdict.fromJson(VERDICT.toJson())).isEqualTo(VERDICT);
        String newer = "{\"spf\":{\"result\":\"pass\"}," + VERDICT.toJson().substring(1);
        assertThat(MailVerdict.fromJson(newer)).isEqualTo(VERDICT);
        assertThatThrownBy(() -> MailVerdict.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailVerdict.fromJson("null")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLastRedirectWinsAndActionsCanBeCleared() {
        assertThat(VERDICT.last(PolicyAction.Kind.REDIRECT)).map(PolicyAction::argument).contains("b@example.com");
        assertThat(VERDICT.has(PolicyAction.Kind.HOLD)).isFalse();
        assertThat(VERDICT.without(PolicyAction.Kind.REDIRECT).actions()).extracting(PolicyAction::kind)
            .containsExactly(PolicyAction.Kind.PREPEND);
        assertThat(VERDICT.withoutActions().actions()).isEmpty();
        assertThat(VERDICT.recipient("X@FAR.TEST")).map(RecipientVerdict::recipientClass).contains(RecipientClass.REMOTE);
        assertThat(RecipientClass.of("Relay")).contains(RecipientClass.RELAY);
    }
}
