package org.postern.policy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.ReplyText;

class AccessActionTest {

    private static AccessAction parse(String value) {
        return AccessAction.parse(value, "db:sender_access", "spam@example.com");
    }

    @Test
    void acceptingWords() {
        assertThat(parse("OK")).isEqualTo(new AccessAction.Accept("OK"));
        assertThat(parse("ok")).isEqualTo(new AccessAction.Accept("OK"));
        assertThat(parse("RELAY")).isEqualTo(new AccessAction.Accept("RELAY"));
        assertThat(parse("PERMIT")).isEqualTo(new AccessAction.Accept("PERMIT"));
    }

    @Test
    void anAllNumericValueIsOkAsInAccess5() {
        assertThat(parse("1700000000")).isEqualTo(new AccessAction.Accept("1700000000"));
        assertThat(parse("550")).isEqualTo(new AccessAction.Accept("550"));
    }

    @Test
    void refusals() {
        assertThat(parse("REJECT")).isEqualTo(new AccessAction.Reject(new ReplyText(Optional.empty(), "")));
        assertThat(parse("REJECT 5.7.1 go away")).isEqualTo(new AccessAction.Reject(new ReplyText(Optional.of("5.7.1"), "go away")));
        assertThat(parse("defer try later")).isEqualTo(new AccessAction.Defer(new ReplyText(Optional.empty(), "try later")));
        assertThat(parse("DEFER_IF_PERMIT maybe")).isEqualTo(new AccessAction.DeferIfPermit(new ReplyText(Optional.empty(), "maybe")));
        assertThat(parse("DEFER_IF_REJECT")).isEqualTo(new AccessAction.DeferIfReject(new ReplyText(Optional.empty(), "")));
    }

    @Test
    void numericReplies() {
        assertThat(parse("550 5.7.1 Go away")).isEqualTo(new AccessAction.Reply(550, new ReplyText(Optional.of("5.7.1"), "Go away")));
        assertThat(parse("450 Greylisted")).isEqualTo(new AccessAction.Reply(450, new ReplyText(Optional.empty(), "Greylisted")));
    }

    @Test
    void neutralAndLoggingWords() {
        assertThat(parse("DUNNO")).isEqualTo(new AccessAction.Dunno());
        assertThat(parse("DUNNO ignored text")).isEqualTo(new AccessAction.Dunno());
        assertThat(parse("WARN suspicious sender")).isEqualTo(new AccessAction.Warn("suspicious sender"));
        assertThat(parse("INFO noted")).isEqualTo(new AccessAction.Info("noted"));
        assertThat(parse("DISCARD")).isEqualTo(new AccessAction.Discard(""));
        assertThat(parse("DISCARD spam trap")).isEqualTo(new AccessAction.Discard("spam trap"));
    }

    @Test
    void deliveryRequests() {
        assertThat(parse("HOLD")).isEqualTo(new AccessAction.MessageAction(AccessAction.MessageAction.Kind.HOLD, ""));
        assertThat(parse("REDIRECT abuse@example.com"))
            .isEqualTo(new AccessAction.MessageAction(AccessAction.MessageAction.Kind.REDIRECT, "abuse@example.com"));
        assertThat(parse("BCC archive@example.com"))
            .isEqualTo(new AccessAction.MessageAction(AccessAction.MessageAction.Kind.BCC, "archive@example.com"));
        assertThat(parse("PREPEND X-Checked: yes"))
            .isEqualTo(new AccessAction.MessageAction(AccessAction.MessageAction.Kind.PREPEND, "X-Checked: yes"));
    }

    @Test
    void anythingElseIsAListOfRestrictionNames() {
        assertThat(parse("permit_mynetworks, reject"))
            .isEqualTo(new AccessAction.Restrictions(List.of("permit_mynetworks", "reject")));
        assertThat(parse("reject_unauth_destination"))
            .isEqualTo(new AccessAction.Restrictions(List.of("reject_unauth_destination")));
    }

    @Test
    void malformedValuesNameTheTableTheKeyAndTheValue() {
        assertThatThrownBy(() -> parse("250 fine"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("access table db:sender_access: key \"spam@example.com\": invalid value \"250 fine\":"
                + " a numeric reply must be 4xx or 5xx");
        assertThatThrownBy(() -> parse(""))
            .hasMessage("access table db:sender_access: key \"spam@example.com\": invalid value \"\": the value is empty");
        assertThatThrownBy(() -> parse("FILTER smtp:[127.0.0.1]:10025"))
            .hasMessageContaining("FILTER is not supported by this server yet (it needs transports)");
        assertThatThrownBy(() -> parse("REDIRECT nobody"))
            .hasMessageContaining("REDIRECT needs one user@domain target: \"nobody\" is not an address");
        assertThatThrownBy(() -> parse("BCC a@example.com, b@example.com"))
            .hasMessageContaining("BCC needs one user@domain target: \"a@example.com, b@example.com\"");
        assertThatThrownBy(() -> parse("REDIRECT a..b@example.com"))
            .hasMessageContaining("separated by single dots");
        assertThatThrownBy(() -> parse("BCC copy@example.com."))
            .hasMessageContaining("the domain must be a host name");
        assertThatThrownBy(() -> parse("PREPEND not a header"))
            .hasMessageEndingWith("PREPEND needs a header line such as 'X-Checked: yes'");
        assertThatThrownBy(() -> parse("check_sender_access hash:/etc/postfix/other"))
            .hasMessageEndingWith("lookup tables are not allowed inside an access map; use an action or restriction names");
        assertThatThrownBy(() -> parse("permit_mynetworks <spam>"))
            .hasMessageEndingWith("'<spam>' is neither an action nor a restriction name");
        assertThatThrownBy(() -> parse("HANGUP"))
            .hasMessageEndingWith("HANGUP is not supported");
    }
}
