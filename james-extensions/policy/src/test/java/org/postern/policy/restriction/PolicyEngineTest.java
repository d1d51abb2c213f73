package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.postern.policy.access.AccessParameters;
import org.postern.policy.generic.GenericRestrictions;

class PolicyEngineTest {
    private final TestEnvironment env = new TestEnvironment();

    @Test
    void absentParametersTakePostfixDefaults() {
        ServerParameters parameters = env.engine().parameters("main.cf", Map.of());
        assertThat(EngineParameters.from(parameters)).isEqualTo(EngineParameters.POSTFIX_DEFAULTS);
        assertThat(AccessParameters.from(parameters)).isEqualTo(AccessParameters.POSTFIX_DEFAULTS);
        assertThat(parameters.mynetworks().contains("127.0.0.1")).isTrue();
    }

    @Test
    void valuesAsWrittenInMainCf() {
        ServerParameters parameters = env.engine().parameters("main.cf", Map.of(
            "smtpd_delay_reject", "no", "smtpd_helo_required", "yes", "access_map_reject_code", "550",
            "parent_domain_matches_subdomains", "debug_peer_list, relay_domains", "myhostname", "ignored.example"));
        assertThat(EngineParameters.from(parameters).delayReject()).isFalse();
        assertThat(EngineParameters.from(parameters).heloRequired()).isTrue();
        assertThat(AccessParameters.from(parameters).rejectCode()).isEqualTo(550);
        assertThat(AccessParameters.from(parameters).parentMatchesSubdomains()).isFalse();
    }

    @Test
    void everyFeatureReadsItsParametersWhenAServerIsBuiltAndABadValueNamesFileAndParameter() {
        assertThatThrownBy(() -> env.engine().server("main.cf", Map.of("smtpd_delay_reject", "maybe")))
            .hasMessage("main.cf: smtpd_delay_reject: 'maybe' is not yes or no");
        assertThatThrownBy(() -> env.engine().server("main.cf", Map.of("relay_domains_reject_code", "450")))
            .hasMessage("main.cf: relay_domains_reject_code: '450' must be a 5xx code (defer_unauth_destination uses it minus 100)");
        assertThatThrownBy(() -> env.engine().server("main.cf", Map.of("smtpd_policy_service_timeout", "soon")))
            .hasMessage("main.cf: smtpd_policy_service_timeout: 'soon' is not a time such as 100s, 5m or 1h");
        assertThatThrownBy(() -> env.engine().server("main.cf", Map.of("smtpd_policy_service_default_action", "250 ok")))
            .hasMessage("main.cf: smtpd_policy_service_default_action: '250 ok' is not an access action");
        assertThatThrownBy(() -> env.engine().server("main.cf", Map.of("unknown_address_tempfail_action", "later")))
            .hasMessageStartingWith("main.cf: unknown_address_tempfail_action: ");
    }

    @Test
    void theParametersOfEveryFeatureAreKnownOthersAreNot() {
        assertThat(env.engine().parameterNames()).contains("smtpd_delay_reject", "access_map_reject_code",
            "maps_rbl_reject_code", "smtpd_policy_service_timeout", "relay_domains_reject_code",
            "smtpd_client_restrictions", "mynetworks", "message_size_limit", "smtpd_client_connection_count_limit")
            .doesNotContain("myhostname", "virtual_transport");
        PolicyEngine generic = new PolicyEngine(List.of(new GenericRestrictions()), env.destinations(), env.dns);
        assertThat(generic.parameterNames()).contains("reject_code").doesNotContain("access_map_reject_code");
    }

    @Test
    void aRestrictionOfAFeatureTheServerLacksIsUnknown() {
        PolicyEngine generic = new PolicyEngine(List.of(new GenericRestrictions()), env.destinations(), env.dns);
        assertThatThrownBy(() -> generic.server("main.cf", Map.of("smtpd_client_restrictions", "reject_rbl_client zen.example")))
            .hasMessage("main.cf: smtpd_client_restrictions: \"reject_rbl_client\": unknown restriction");
    }

    @Test
    void twoFeaturesCannotClaimOneNameNorDeclareOneParameterDifferently() {
        RestrictionFeature permitAgain = new RestrictionFeature() {
            @Override
            public List<Parameter> parameters() {
                return List.of();
            }

            @Override
            public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
                registrar.plain("permit", () -> null);
            }
        };
        PolicyEngine twice = new PolicyEngine(List.of(new GenericRestrictions(), permitAgain), env.destinations(), env.dns);
        assertThatThrownBy(() -> twice.server("main.cf", Map.of()))
            .isInstanceOf(IllegalStateException.class).hasMessage("restriction permit is registered twice");

        RestrictionFeature otherDefault = new RestrictionFeature() {
            @Override
            public List<Parameter> parameters() {
                return List.of(Parameter.of("reject_code", "550"));
            }

            @Override
            public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
            }
        };
        assertThatThrownBy(() -> new PolicyEngine(List.of(new GenericRestrictions(), otherDefault), env.destinations(), env.dns))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("reject_code");
    }
}
