package org.postern.policy.policyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.testing.SettableClock;

/** Connection lifetime rules of the policy client, with a clock the test moves. */
class PolicyServiceClientTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final List<Map.Entry<String, String>> REQUEST = List.of(Map.entry("request", "smtpd_access_policy"));

    private final SettableClock clock = new SettableClock();
    private TinyPolicyServer server;
    private PolicyServiceClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private PolicyServiceClient client(PolicyServiceSettings settings) {
        PolicyServiceEndpoint endpoint = PolicyServiceEndpoint.parse("inet:127.0.0.1:" + server.port(),
            settings.withTimeout(Duration.ofSeconds(2)).withRetryDelay(Duration.ZERO));
        client = new PolicyServiceClient(endpoint, clock);
        return client;
    }

    private PolicyAnswer ask() {
        return assertTimeoutPreemptively(BOUND, () -> client.ask(REQUEST));
    }

    @Test
    void anIdleConnectionOlderThanMaxIdleIsReplaced() throws IOException {
        server = TinyPolicyServer.answering("DUNNO");
        client(PolicyServiceSettings.POSTFIX_DEFAULTS);

        assertThat(ask()).isEqualTo(new PolicyAnswer.Action("DUNNO"));
        clock.advance(Duration.ofSeconds(299));
        assertThat(ask()).isEqualTo(new PolicyAnswer.Action("DUNNO"));
        assertThat(server.connections()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(300));
        assertThat(ask()).isEqualTo(new PolicyAnswer.Action("DUNNO"));
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionOlderThanMaxTtlIsReplacedEvenIfBusy() throws IOException {
        server = TinyPolicyServer.answering("DUNNO");
        client(PolicyServiceSettings.POSTFIX_DEFAULTS);

        for (int i = 0; i < 5; i++) {
            ask();
            clock.advance(Duration.ofSeconds(250));
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void theRequestLimitReplacesTheConnection() throws IOException {
        server = TinyPolicyServer.answering("OK");
        client(PolicyServiceSettings.POSTFIX_DEFAULTS.withRequestLimit(2));

        for (int i = 0; i < 5; i++) {
            assertThat(ask()).isEqualTo(new PolicyAnswer.Action("OK"));
        }
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aValueWithALineBreakCannotEndTheRequestEarly() throws IOException {
        server = TinyPolicyServer.answering("DUNNO");
        client(PolicyServiceSettings.POSTFIX_DEFAULTS);

        assertTimeoutPreemptively(BOUND, () -> client.ask(List.of(Map.entry("helo_name", "evil\n\naction=OK"))));
        assertThat(server.requests()).singleElement()
            .satisfies(request -> assertThat(request).containsEntry("helo_name", "evil  action=OK"));
    }
}
