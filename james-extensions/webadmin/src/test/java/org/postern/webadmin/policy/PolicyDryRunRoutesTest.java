package org.postern.webadmin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.policy.restriction.PolicyEngine;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.TestEnvironment;

class PolicyDryRunRoutesTest {
    private static final String RELAY_ATTEMPT = "{\"server\":\"smtp\",\"clientAddress\":\"192.0.2.1\","
        + "\"clientName\":\"mail.example.org\",\"helo\":\"mail.example.org\",\"sender\":\"a@example.org\","
        + "\"recipient\":\"b@elsewhere.example\",\"saslUser\":null}";

    private final Map<String, Map<String, String>> parameters = new HashMap<>();
    private RoutesServer server;

    private RoutesServer serve() {
        PolicyEngine engine = new TestEnvironment().engine();
        Map<String, ServerRestrictions> servers = new HashMap<>();
        parameters.forEach((name, values) -> servers.put(name, engine.server("conf/policy.cf [" + name + "]", values)));
        RestrictionsByServer byServer = new RestrictionsByServer() {
            @Override
            public Set<String> servers() {
                return servers.keySet();
            }

            @Override
            public Optional<ServerRestrictions> forServer(String name) {
                return Optional.ofNullable(servers.get(name));
            }
        };
        server = new RoutesServer(new PolicyDryRunRoutes(Optional.of(byServer), Optional.empty()));
        return server;
    }

    private void configure(String serverName, String... keysAndValues) {
        Map<String, String> values = parameters.computeIfAbsent(serverName, name -> new HashMap<>());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRelayAttemptFromOutsideIsRejectedAtRcpt() {
        configure("smtp", "smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");

        RoutesServer.Reply reply = serve().postJson("/policy/dry-run", RELAY_ATTEMPT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"decision\":\"REJECT\","
            + "\"reply\":\"554 5.7.1 <b@elsewhere.example>: Relay access denied\",\"stage\":\"RECIPIENT\","
            + "\"list\":\"smtpd_relay_restrictions\",\"check\":\"reject_unauth_destination\",\"warnings\":[]}");
    }

    @Test
    void anAuthenticatedClientMayRelay() {
        configure("submission", "smtpd_relay_restrictions", "permit_sasl_authenticated, reject_unauth_destination");

        RoutesServer.Reply reply = serve().postJson("/policy/dry-run",
            RELAY_ATTEMPT.replace("\"smtp\"", "\"submission\"").replace("\"saslUser\":null", "\"saslUser\":\"alice@example.com\""));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).startsWith("{\"decision\":\"PERMIT\"").contains("\"stage\":\"RECIPIENT\"")
            .doesNotContain("\"reply\"");
    }

    @Test
    void withoutDelayRejectTheEvaluationStopsAtTheFirstRefusal() {
        configure("smtp", "smtpd_delay_reject", "no", "smtpd_client_restrictions", "reject",
            "smtpd_relay_restrictions", "reject_unauth_destination");

        RoutesServer.Reply reply = serve().postJson("/policy/dry-run", RELAY_ATTEMPT);

        assertThat(reply.body()).isEqualTo("{\"decision\":\"REJECT\","
            + "\"reply\":\"554 5.7.1 <mail.example.org[192.0.2.1]>: Client host rejected: Access denied\","
            + "\"stage\":\"CONNECT\",\"list\":\"smtpd_client_restrictions\",\"check\":\"reject\",\"warnings\":[]}");
    }

    @Test
    void warnIfRejectRejectionsAreReportedAsWarnings() {
        configure("smtp", "smtpd_recipient_restrictions", "warn_if_reject reject_non_fqdn_sender",
            "smtpd_relay_restrictions", "reject_unauth_destination");

        RoutesServer.Reply reply = serve().postJson("/policy/dry-run",
            RELAY_ATTEMPT.replace("a@example.org", "a@nodots").replace("b@elsewhere.example", "bob@example.com"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).startsWith("{\"decision\":\"PERMIT\"")
            .contains("\"warnings\":[{\"reply\":\"504 5.5.2 <a@nodots>: Sender address rejected: need fully-qualified address\","
                + "\"list\":\"smtpd_recipient_restrictions\"");
    }

    @Test
    void refusesUnknownServersBadAddressesAndBadBodies() {
        configure("smtp", "smtpd_relay_restrictions", "reject_unauth_destination");
        serve();

        RoutesServer.Reply unknown = server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("\"smtp\"", "\"nope\""));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"type\":\"InvalidArgument\"").contains("unknown server \\\"nope\\\" (known: smtp)");

        assertThat(server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("192.0.2.1", "192.0.2.300")).status()).isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("192.0.2.1", "not-an-ip")).status()).isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("b@elsewhere.example", "<b@x.example>")).status())
            .isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("b@elsewhere.example", "b c@x.example")).status())
            .isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("a@example.org", "a@")).status()).isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", "{\"clientAddress\":\"192.0.2.1\"}").status()).isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", "[]").status()).isEqualTo(400);
        assertThat(server.postJson("/policy/dry-run", RELAY_ATTEMPT.replace("\"saslUser\"", "\"unknownField\"")).status())
            .isEqualTo(400);
    }

    @Test
    void withoutRestrictionListsEveryServerIsUnknown() {
        server = new RoutesServer(new PolicyDryRunRoutes(Optional.empty(), Optional.empty()));

        RoutesServer.Reply reply = server.postJson("/policy/dry-run", RELAY_ATTEMPT);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("unknown server");
    }
}
