package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;

class RestrictionListParserTest {
    private final TestEnvironment env = new TestEnvironment();

    private List<String> names(RestrictionList list) {
        return list.entries().stream().map(RestrictionList.Entry::toString).toList();
    }

    @Test
    void commasAndBlanksSeparateAndArgumentsAreConsumed() {
        env.table("hash:/etc/postfix/access");
        RestrictionList list = env.parser().parse("smtpd_recipient_restrictions",
            "check_recipient_access hash:/etc/postfix/access, permit_mynetworks reject_unauth_destination,\n"
                + "  reject_rbl_client zen.spamhaus.org=127.0.0.[2..11],reject_rhsbl_sender dbl.example  permit",
            EngineParameters.POSTFIX_DEFAULTS);

        assertThat(list.name()).isEqualTo("smtpd_recipient_restrictions");
        assertThat(names(list)).containsExactly("check_recipient_access hash:/etc/postfix/access", "permit_mynetworks",
            "reject_unauth_destination", "reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]",
            "reject_rhsbl_sender dbl.example", "permit");
    }

    @Test
    void anAdminsHeloListWithOldNamesAndWarnIfReject() {
        RestrictionList list = env.list(Stage.HELO,
            "permit_mynetworks, warn_if_reject reject_non_fqdn_hostname, reject_invalid_hostname, permit");

        assertThat(names(list)).containsExactly("permit_mynetworks", "warn_if_reject reject_non_fqdn_helo_hostname",
            "reject_invalid_helo_hostname", "permit");
    }

    @Test
    void aBareTableIsTheStagesAccessCheck() {
        env.table("db:senders");
        assertThat(names(env.list(Stage.SENDER, "db:senders"))).containsExactly("check_sender_access db:senders");
        assertThat(names(env.list(Stage.CLIENT, "db:senders"))).containsExactly("check_client_access db:senders");
    }

    @Test
    void namesAreCaseInsensitiveAndAnEmptyListIsEmpty() {
        assertThat(names(env.list(Stage.RECIPIENT, "Permit_MyNetworks REJECT"))).containsExactly("permit_mynetworks", "reject");
        assertThat(env.list(Stage.DATA, "  ").isEmpty()).isTrue();
    }

    @Test
    void aPolicyServiceWithPerServiceSettingsIsOneToken() {
        RestrictionList list = env.list(Stage.RECIPIENT,
            "check_policy_service { inet:127.0.0.1:10023, timeout=10s, default_action=DUNNO }, permit");
        assertThat(names(list)).containsExactly(
            "check_policy_service { inet:127.0.0.1:10023, timeout=10s, default_action=DUNNO }", "permit");
    }

    private void assertRefused(Stage stage, String value, String message) {
        assertThatThrownBy(() -> env.list(stage, value))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(message);
    }

    @Test
    void anUnknownNameIsRefusedWithFileListAndToken() {
        assertRefused(Stage.RECIPIENT, "permit_mynetworks, rejct_unauth_destination",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"rejct_unauth_destination\": unknown restriction");
    }

    @Test
    void aPostfixRestrictionWeDoNotImplementSaysSo() {
        assertRefused(Stage.RECIPIENT, "reject_unverified_recipient",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"reject_unverified_recipient\": "
                + "restriction is not supported by this server");
    }

    @Test
    void aMissingArgument() {
        assertRefused(Stage.RECIPIENT, "permit_mynetworks, check_recipient_access",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"check_recipient_access\": missing argument");
        assertRefused(Stage.CLIENT, "reject_rbl_client",
            "conf/policy/smtp.cf: smtpd_client_restrictions: \"reject_rbl_client\": missing argument");
    }

    @Test
    void badTableReferences() {
        assertRefused(Stage.RECIPIENT, "check_recipient_access /etc/postfix/access",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"check_recipient_access /etc/postfix/access\": "
                + "need a table reference such as hash:/etc/postfix/access or db:name");
        assertRefused(Stage.SENDER, "check_sender_access hash:/etc/postfix/missing",
            "conf/policy/smtp.cf: smtpd_sender_restrictions: \"check_sender_access hash:/etc/postfix/missing\": "
                + "no such table: hash:/etc/postfix/missing");
    }

    @Test
    void onlyInetPolicyServices() {
        assertRefused(Stage.RECIPIENT, "check_policy_service unix:/run/policyd.sock",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"check_policy_service unix:/run/policyd.sock\": "
                + "only inet:host:port policy services are supported, not unix:/run/policyd.sock");
        assertRefused(Stage.RECIPIENT, "check_policy_service inet:127.0.0.1:99999",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"check_policy_service inet:127.0.0.1:99999\": "
                + "'99999' is not a port number");
        assertRefused(Stage.RECIPIENT, "check_policy_service { inet:127.0.0.1:10023, colour=blue }",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"check_policy_service { inet:127.0.0.1:10023, colour=blue }\": "
                + "unknown policy service setting 'colour'");
    }

    @Test
    void badDnsListArguments() {
        assertRefused(Stage.CLIENT, "reject_rbl_client permit",
            "conf/policy/smtp.cf: smtpd_client_restrictions: \"reject_rbl_client permit\": 'permit' is not a DNS list domain");
        assertRefused(Stage.CLIENT, "reject_rbl_client zen.spamhaus.org=127.0.0.x",
            "conf/policy/smtp.cf: smtpd_client_restrictions: \"reject_rbl_client zen.spamhaus.org=127.0.0.x\": "
                + "'127.0.0.x': 'x' is not an octet value 0-255");
    }

    @Test
    void warnIfRejectNeedsSomethingToApplyTo() {
        assertRefused(Stage.HELO, "reject_invalid_helo_hostname, warn_if_reject",
            "conf/policy/smtp.cf: smtpd_helo_restrictions: \"warn_if_reject\": must be followed by the restriction it applies to");
    }

    @Test
    void aBareTableWhereNoAccessCheckApplies() {
        env.table("db:x");
        assertRefused(Stage.DATA, "db:x", "conf/policy/smtp.cf: smtpd_data_restrictions: \"db:x\": a table needs "
            + "check_client_access, check_helo_access, check_sender_access or check_recipient_access before it");
    }

    @Test
    void unbalancedBraces() {
        assertRefused(Stage.RECIPIENT, "check_policy_service { inet:127.0.0.1:1",
            "conf/policy/smtp.cf: smtpd_recipient_restrictions: \"{ inet:127.0.0.1:1\": missing '}'");
    }

    @Test
    void anUnknownListName() {
        assertThatThrownBy(() -> env.parser().parse("smtpd_foo_restrictions", "permit", EngineParameters.POSTFIX_DEFAULTS))
            .hasMessage("conf/policy/smtp.cf: smtpd_foo_restrictions: not a restriction list");
    }

    @Test
    void restrictionsInsideAnAccessMapMayNotNameTables() {
        assertThatThrownBy(() -> env.parser().parse(List.of("check_client_access", "db:x"), "access table db:y: key \"k\""))
            .hasMessage("conf/policy/smtp.cf: access table db:y: key \"k\": \"check_client_access\": "
                + "tables and policy services cannot be named inside an access map");
        assertThat(env.parser().parse(List.of("permit_mynetworks", "reject"), "origin")).hasSize(2);
    }
}
