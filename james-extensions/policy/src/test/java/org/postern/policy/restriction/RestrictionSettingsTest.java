package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RestrictionSettingsTest {

    @Test
    void postfixDefaults() {
        RestrictionSettings settings = RestrictionSettings.POSTFIX_DEFAULTS;
        assertThat(settings.delayReject()).isTrue();
        assertThat(settings.heloRequired()).isFalse();
        assertThat(settings.unknownAddressRejectCode()).isEqualTo(450);
        assertThat(settings.nonFqdnRejectCode()).isEqualTo(504);
        assertThat(settings.relayDomainsRejectCode()).isEqualTo(554);
        assertThat(settings.accessMapRejectCode()).isEqualTo(554);
        assertThat(settings.accessMapDeferCode()).isEqualTo(450);
        assertThat(settings.mapsRblRejectCode()).isEqualTo(554);
        assertThat(settings.invalidHostnameRejectCode()).isEqualTo(501);
        assertThat(settings.unknownHostnameRejectCode()).isEqualTo(450);
        assertThat(settings.unknownVirtualMailboxRejectCode()).isEqualTo(550);
        assertThat(settings.rejectCode()).isEqualTo(554);
        assertThat(settings.deferCode()).isEqualTo(450);
        assertThat(settings.unknownAddressTempfailAction()).isEqualTo(TempfailAction.DEFER_IF_PERMIT);
        assertThat(settings.policyService().timeout()).isEqualTo(Duration.ofSeconds(100));
        assertThat(settings.policyService().defaultAction()).isEqualTo("451 4.3.5 Server configuration problem");
    }

    @Test
    void valuesAsWrittenInMainCf() {
        RestrictionSettings settings = RestrictionSettings.fromParameters("main.cf", Map.of(
            "smtpd_delay_reject", "no", "smtpd_helo_required", "yes", "unknown_address_reject_code", "550",
            "smtpd_policy_service_timeout", "5m", "unknown_address_tempfail_action", "defer",
            "parent_domain_matches_subdomains", "debug_peer_list, relay_domains", "myhostname", "ignored.example"));
        assertThat(settings.delayReject()).isFalse();
        assertThat(settings.heloRequired()).isTrue();
        assertThat(settings.unknownAddressRejectCode()).isEqualTo(550);
        assertThat(settings.policyService().timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.unknownAddressTempfailAction()).isEqualTo(TempfailAction.DEFER);
        assertThat(settings.accessMapsMatchSubdomains()).isFalse();
    }

    @Test
    void badValuesNameFileAndParameter() {
        assertThatThrownBy(() -> RestrictionSettings.fromParameters("main.cf", Map.of("smtpd_delay_reject", "maybe")))
            .hasMessage("main.cf: smtpd_delay_reject: 'maybe' is not yes or no");
        assertThatThrownBy(() -> RestrictionSettings.fromParameters("main.cf", Map.of("relay_domains_reject_code", "450")))
            .hasMessage("main.cf: relay_domains_reject_code: '450' must be a 5xx code (defer_unauth_destination uses it minus 100)");
        assertThatThrownBy(() -> RestrictionSettings.fromParameters("main.cf", Map.of("smtpd_policy_service_timeout", "soon")))
            .hasMessage("main.cf: smtpd_policy_service_timeout: 'soon' is not a time such as 100s, 5m or 1h");
        assertThatThrownBy(() -> RestrictionSettings.fromParameters("main.cf", Map.of("smtpd_policy_service_default_action", "250 ok")))
            .hasMessage("main.cf: smtpd_policy_service_default_action: '250 ok' is not an access action");
    }
}
