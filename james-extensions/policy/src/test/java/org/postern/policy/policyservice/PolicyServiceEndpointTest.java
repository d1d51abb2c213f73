package org.postern.policy.policyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PolicyServiceEndpointTest {
    private final PolicyServiceSettings defaults = PolicyServiceSettings.POSTFIX_DEFAULTS;

    @Test
    void inetServices() {
        PolicyServiceEndpoint v4 = PolicyServiceEndpoint.parse("inet:127.0.0.1:10023", defaults);
        assertThat(v4.host()).isEqualTo("127.0.0.1");
        assertThat(v4.port()).isEqualTo(10023);
        assertThat(v4.settings()).isEqualTo(defaults);
        assertThat(PolicyServiceEndpoint.parse("inet:[::1]:10040", defaults).host()).isEqualTo("::1");
        assertThat(PolicyServiceEndpoint.parse("inet:policy.lan:9998", defaults).host()).isEqualTo("policy.lan");
    }

    @Test
    void perServiceOverrides() {
        PolicyServiceEndpoint endpoint = PolicyServiceEndpoint.parse(
            "{ inet:127.0.0.1:10023, timeout=10s, max_idle=1m, try_limit=1, default_action=DUNNO, policy_context=rcpt }",
            defaults);
        assertThat(endpoint.settings().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(endpoint.settings().maxIdle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(endpoint.settings().tryLimit()).isEqualTo(1);
        assertThat(endpoint.settings().defaultAction()).isEqualTo("DUNNO");
        assertThat(endpoint.settings().policyContext()).isEqualTo("rcpt");
    }

    @Test
    void refused() {
        assertThatThrownBy(() -> PolicyServiceEndpoint.parse("unix:private/policy-spf", defaults))
            .hasMessage("only inet:host:port policy services are supported, not unix:private/policy-spf");
        assertThatThrownBy(() -> PolicyServiceEndpoint.parse("127.0.0.1:10023", defaults)).hasMessage("expected inet:host:port");
        assertThatThrownBy(() -> PolicyServiceEndpoint.parse("inet:127.0.0.1", defaults)).hasMessage("expected inet:host:port");
        assertThatThrownBy(() -> PolicyServiceEndpoint.parse("{ inet:127.0.0.1:1, try_limit=0 }", defaults))
            .hasMessage("try_limit must be at least 1");
        assertThatThrownBy(() -> PolicyServiceEndpoint.parse("{ inet:127.0.0.1:1, default_action=250 ok }", defaults))
            .hasMessage("default_action '250 ok' is not an access action");
    }
}
