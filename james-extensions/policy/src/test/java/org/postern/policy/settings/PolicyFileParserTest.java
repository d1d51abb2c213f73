package org.postern.policy.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;

class PolicyFileParserTest {
    private static final String SOURCE = "conf/policy.cf";

    private static PolicySettings parse(String... lines) {
        return PolicyFileParser.parse(SOURCE, List.of(lines), Map.of("myhostname", "mx.example.com"));
    }

    private static String value(PolicySettings settings, String server, String name) {
        return settings.get(server, name).map(PolicySettings.Setting::value).orElseThrow();
    }

    @Test
    void aMainCfPastedAsIsIsRead() {
        PolicySettings settings = parse(
            "# pasted from /etc/postfix/main.cf",
            "smtpd_helo_required = yes",
            "smtpd_recipient_restrictions =",
            "    permit_mynetworks,",
            "    permit_sasl_authenticated,",
            "",
            "    # a comment inside the list",
            "    reject_unauth_destination",
            "mynetworks = 127.0.0.0/8 [::1]/128");

        assertThat(value(settings, "smtp", "smtpd_recipient_restrictions"))
            .isEqualTo("permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");
        assertThat(value(settings, "smtp", "smtpd_helo_required")).isEqualTo("yes");
        assertThat(settings.get("smtp", "smtpd_recipient_restrictions").orElseThrow().line()).isEqualTo(3);
    }

    @Test
    void serverSectionsOverrideTheGlobalValuesLikeMasterCfOptions() {
        PolicySettings settings = parse(
            "smtpd_recipient_restrictions = reject_unauth_destination",
            "smtpd_helo_required = yes",
            "[submission]",
            "smtpd_recipient_restrictions = permit_sasl_authenticated, reject");

        assertThat(value(settings, "submission", "smtpd_recipient_restrictions")).isEqualTo("permit_sasl_authenticated, reject");
        assertThat(value(settings, "submission", "smtpd_helo_required")).isEqualTo("yes");
        assertThat(value(settings, "smtp", "smtpd_recipient_restrictions")).isEqualTo("reject_unauth_destination");
        assertThat(settings.servers()).containsExactly("submission");
    }

    @Test
    void referencesAreExpandedInEveryPostfixForm() {
        PolicySettings settings = parse(
            "mydomain = example.com",
            "mydestination = $myhostname, localhost.$mydomain, ${mydomain}, $(mydomain)",
            "restrictions = check_sender_access file:access, $rbl",
            "rbl = reject_rbl_client zen.example",
            "[submission]",
            "rbl = permit",
            "smtpd_sender_restrictions = $restrictions");

        assertThat(value(settings, "smtp", "mydestination")).isEqualTo("mx.example.com, localhost.example.com, example.com, example.com");
        assertThat(value(settings, "smtp", "restrictions")).isEqualTo("check_sender_access file:access, reject_rbl_client zen.example");
        assertThat(value(settings, "submission", "smtpd_sender_restrictions"))
            .isEqualTo("check_sender_access file:access, reject_rbl_client zen.example");
    }

    @Test
    void theLastValueOfARepeatedParameterWins() {
        assertThat(value(parse("mynetworks = 10.0.0.0/8", "mynetworks = 192.0.2.0/24"), "smtp", "mynetworks")).isEqualTo("192.0.2.0/24");
    }

    @Test
    void errorsNameTheFileTheLineAndTheReason() {
        assertThatThrownBy(() -> parse("  permit"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("conf/policy.cf line 1: continuation line without a parameter before it");
        assertThatThrownBy(() -> parse("smtpd_helo_required yes"))
            .hasMessage("conf/policy.cf line 1: expected 'name = value' or '[server]', found 'smtpd_helo_required yes'");
        assertThatThrownBy(() -> parse("[smtp]", "a = b", "[smtp]"))
            .hasMessage("conf/policy.cf line 3: section [smtp] appears twice");
        assertThatThrownBy(() -> parse("x = 1", "list = $undefined_thing"))
            .hasMessage("conf/policy.cf line 2: 'list' refers to $undefined_thing, which is not set");
        assertThatThrownBy(() -> parse("a = $b", "b = $a"))
            .hasMessage("conf/policy.cf line 1: 'a' refers to itself: $a -> $b -> $a");
    }
}
