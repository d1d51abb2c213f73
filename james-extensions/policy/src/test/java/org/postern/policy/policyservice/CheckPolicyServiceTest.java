package org.postern.policy.policyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.Stage;
import org.postern.policy.restriction.TestEnvironment;
import org.postern.policy.restriction.Verdict;

/** check_policy_service against a real policy server on the loopback interface. */
class CheckPolicyServiceTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private final TestEnvironment env = new TestEnvironment();
    private TinyPolicyServer server;

    private static final SmtpTransaction TRANSACTION = SmtpTransaction.connectedFrom("192.0.2.1", "mail.sender.test")
        .heloName("mail.sender.test").esmtp(true).sender("someone@sender.test").recipient("bob@example.com")
        .saslUsername("alice").saslMethod("PLAIN").protocolState(ProtocolState.RCPT).instance("1a2b.3c").clientPort(40000)
        .serverAddress("192.0.2.25").serverPort(25).build();

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private Decision ask(String service) {
        return assertTimeoutPreemptively(BOUND,
            () -> env.list(Stage.RECIPIENT, "check_policy_service " + service).evaluate(TRANSACTION));
    }

    private String inet(int port, String overrides) {
        return "{ inet:127.0.0.1:" + port + ", timeout=1s, retry_delay=0" + overrides + " }";
    }

    @Test
    void theRequestFollowsSmtpdPolicyReadmeAndTheActionIsAnAccessAction() throws IOException {
        server = TinyPolicyServer.answering("450 4.7.1 Greylisted, see http://postgrey.example/");

        Decision decision = ask("inet:127.0.0.1:" + server.port());

        assertThat(decision.replyLine())
            .isEqualTo("450 4.7.1 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.example/");
        assertThat(decision.check()).isEqualTo("check_policy_service inet:127.0.0.1:" + server.port());
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request).containsEntry("request", "smtpd_access_policy")
                .containsEntry("protocol_state", "RCPT")
                .containsEntry("protocol_name", "ESMTP")
                .containsEntry("client_address", "192.0.2.1")
                .containsEntry("client_name", "mail.sender.test")
                .containsEntry("client_port", "40000")
                .containsEntry("server_address", "192.0.2.25")
                .containsEntry("server_port", "25")
                .containsEntry("helo_name", "mail.sender.test")
                .containsEntry("sender", "someone@sender.test")
                .containsEntry("recipient", "bob@example.com")
                .containsEntry("recipient_count", "0")
                .containsEntry("instance", "1a2b.3c")
                .containsEntry("sasl_method", "PLAIN")
                .containsEntry("sasl_username", "alice");
            assertThat(request.keySet()).startsWith("request", "protocol_state", "protocol_name", "client_address");
        });
    }

    @Test
    void theConnectionIsReusedAcrossRequests() throws IOException {
        server = TinyPolicyServer.answering("DUNNO");
        String service = "inet:127.0.0.1:" + server.port();
        var list = env.list(Stage.RECIPIENT, "check_policy_service " + service + ", check_policy_service " + service);

        Decision first = assertTimeoutPreemptively(BOUND, () -> list.evaluate(TRANSACTION));
        Decision second = assertTimeoutPreemptively(BOUND, () -> list.evaluate(TRANSACTION));

        assertThat(first.verdict()).isEqualTo(Verdict.DUNNO);
        assertThat(second.verdict()).isEqualTo(Verdict.DUNNO);
        assertThat(server.requests()).hasSize(4);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aServerThatHangsUpAfterEachAnswerIsReconnectedAtOnce() throws IOException {
        server = new TinyPolicyServer(request -> "action=OK\n\n", true);
        var list = env.list(Stage.RECIPIENT, "check_policy_service " + inet(server.port(), ", retry_delay=1h"));

        assertThat(assertTimeoutPreemptively(BOUND, () -> list.evaluate(TRANSACTION)).verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(assertTimeoutPreemptively(BOUND, () -> list.evaluate(TRANSACTION)).verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aServerThatNeverAnswersTimesOutIntoTheDefaultAction() throws IOException {
        server = new TinyPolicyServer(request -> null, false);

        Decision decision = ask(inet(server.port(), ""));

        assertThat(decision.replyLine())
            .isEqualTo("451 4.3.5 <bob@example.com>: Recipient address rejected: Server configuration problem");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void nothingListeningGivesTheDefaultAction() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThat(ask(inet(port, "")).replyLine())
            .isEqualTo("451 4.3.5 <bob@example.com>: Recipient address rejected: Server configuration problem");
        assertThat(ask(inet(port, ", default_action=DUNNO")).verdict()).isEqualTo(Verdict.DUNNO);
    }

    @Test
    void anAnswerWithoutActionCountsAsFailure() throws IOException {
        server = new TinyPolicyServer(request -> "result=maybe\n\n", false);
        assertThat(ask(inet(server.port(), ", default_action=450 4.7.1 try again")).replyLine())
            .isEqualTo("450 4.7.1 <bob@example.com>: Recipient address rejected: try again");
    }

    @Test
    void anInvalidActionFallsBackToTheDefaultAction() throws IOException {
        server = TinyPolicyServer.answering("250 whatever");
        assertThat(ask(inet(server.port(), "")).replyLine())
            .isEqualTo("451 4.3.5 <bob@example.com>: Recipient address rejected: Server configuration problem");
    }

    @Test
    void extraAttributesInTheAnswerAreIgnored() throws IOException {
        server = new TinyPolicyServer(request -> "reason=fine\naction=PREPEND X-Greylist: delayed 300 seconds\n\n", false);
        Decision decision = ask(inet(server.port(), ""));
        assertThat(decision.verdict()).isEqualTo(Verdict.DUNNO);
        assertThat(decision.sideEffects()).singleElement()
            .satisfies(effect -> assertThat(effect.argument()).isEqualTo("X-Greylist: delayed 300 seconds"));
    }
}
