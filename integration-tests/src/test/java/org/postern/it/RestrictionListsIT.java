package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackDnsServer;

/**
 * Postfix restriction lists from conf/policy.cf, over real SMTP: access maps in a file, non-FQDN and
 * unknown sender domains as the client wrote them, a DNSBL zone and a policy service served by the test,
 * warn_if_reject, delayed client rejections and per-server lists (port 25 and 587 differ).
 */
class RestrictionListsIT {
    private static final String DOMAIN = "rl.test";
    private static final String USER = "alice@" + DOMAIN;
    private static final String GOOD_SENDER = "sender@good.test";
    private static final String MESSAGE = "Subject: restriction lists\r\n\r\nhello\r\n";

    private static LoopbackDnsServer dns;
    private static PolicyServer policyServer;
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        dns = LoopbackDnsServer.start()
            .a("good.test", "192.0.2.10")
            .a("bad.test", "192.0.2.11")
            .a("1.0.0.127.dnsbl.test", "127.0.0.2")
            .txt("1.0.0.127.dnsbl.test", "Listed for testing");
        policyServer = PolicyServer.start();
        String policy = String.join("\n",
            "# restriction lists for RestrictionListsIT",
            "mynetworks =",
            "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            "smtpd_client_restrictions = warn_if_reject reject_rbl_client dnsbl.test",
            "smtpd_helo_restrictions = reject_non_fqdn_helo_hostname",
            "smtpd_data_restrictions = reject_multi_recipient_bounce",
            "smtpd_sender_restrictions =",
            "    check_sender_access file:tables/sender_access,",
            "    reject_unknown_sender_domain",
            "smtpd_recipient_restrictions = reject_non_fqdn_recipient, reject_unlisted_recipient,",
            "    check_policy_service inet:127.0.0.1:" + policyServer.port(),
            "",
            "[submission]",
            "smtpd_client_restrictions = reject_rbl_client dnsbl.test",
            "");
        server = PosternProcess.builder()
            .dnsServer(dns.hostAndPort())
            .confFile("policy.cf", policy)
            .confFile("tables/sender_access", String.join("\n",
                "# sender access map (Postfix access(5) format)",
                "spammer@bad.test   REJECT",
                "friend@bad.test    OK",
                "custom@bad.test    550 no thanks",
                "discard@bad.test   DISCARD",
                ""))
            .build()
            .start();
        WebAdminClient webAdmin = server.webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createUser(USER, "alice-password");
        webAdmin.createUser("blocked@" + DOMAIN, "blocked-password");
        webAdmin.createUser("discardee@" + DOMAIN, "discardee-password");
        // postmaster@ is accepted only when it leads to a mailbox
        webAdmin.createAlias("postmaster@" + DOMAIN, USER);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server, policyServer, dns);
    }

    @Test
    void aSenderRejectedByTheAccessMapIsRefusedAtRcpt() {
        assertThat(rcptReply(server.smtpPort(), "spammer@bad.test", USER))
            .isEqualTo("554 5.7.1 <spammer@bad.test>: Sender address rejected: Access denied");
    }

    @Test
    void aSenderTheAccessMapSaysOkIsAccepted() {
        assertThat(rcptReply(server.smtpPort(), "friend@bad.test", USER)).startsWith("250");
    }

    @Test
    void anAccessMapReplyWithItsOwnCodeAndTextIsSentAsWritten() {
        assertThat(rcptReply(server.smtpPort(), "custom@bad.test", USER))
            .isEqualTo("550 5.7.1 <custom@bad.test>: Sender address rejected: no thanks");
    }

    @Test
    void aRecipientWithoutDomainIsJudgedAsTheClientSentIt() {
        assertThat(rcptReply(server.smtpPort(), GOOD_SENDER, "alice"))
            .isEqualTo("504 5.5.2 <alice>: Recipient address rejected: need fully-qualified address");
    }

    @Test
    void aSenderDomainThatDoesNotExistIsDeferred() {
        assertThat(rcptReply(server.smtpPort(), "someone@nowhere.test", USER))
            .isEqualTo("450 4.1.8 <someone@nowhere.test>: Sender address rejected: Domain not found");
    }

    @Test
    void aClientListedInTheDnsblIsRejectedAtRcptOnTheSubmissionPort() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            SmtpSession.expect(smtp.greeting(), 220);
            SmtpSession.expect(smtp.ehlo("client.example"), 250);
            // smtpd_delay_reject = yes: the client list is evaluated at RCPT, not before
            assertThat(smtp.command("MAIL FROM:<" + GOOD_SENDER + ">").code()).isEqualTo(250);

            assertThat(smtp.command("RCPT TO:<" + USER + ">").line())
                .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using dnsbl.test; Listed for testing");
        }
    }

    @Test
    void theSameClientIsOnlyWarnedAboutOnPort25() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.greeting(), 220);
            SmtpSession.expect(smtp.ehlo("client.example"), 250);

            SmtpSession.Reply reply = smtp.send(GOOD_SENDER, List.of(USER), MESSAGE);

            assertThat(reply.code()).isEqualTo(250);
        }
        assertThat(server.currentRunLog()).contains("reject_warning: RCPT from unknown[127.0.0.1]: 554 5.7.1 Service unavailable; "
            + "Client host [127.0.0.1] blocked using dnsbl.test; Listed for testing");
    }

    @Test
    void theHeloNameIsJudgedAsSent() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("nodots"), 250);
            SmtpSession.expect(smtp.command("MAIL FROM:<" + GOOD_SENDER + ">"), 250);

            assertThat(smtp.command("RCPT TO:<" + USER + ">").line())
                .isEqualTo("504 5.5.2 <nodots>: Helo command rejected: need fully-qualified hostname");
        }
    }

    @Test
    void theDataListAnswersDataWithTheTransactionsRecipients() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("client.example"), 250);
            SmtpSession.expect(smtp.command("MAIL FROM:<>"), 250);
            SmtpSession.expect(smtp.command("RCPT TO:<" + USER + ">"), 250);
            SmtpSession.expect(smtp.command("RCPT TO:<blocked-not@" + DOMAIN + ">"), 550);
            SmtpSession.expect(smtp.command("RCPT TO:<postmaster@" + DOMAIN + ">"), 250);

            assertThat(smtp.command("DATA").line())
                .isEqualTo("550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce");
        }
    }

    @Test
    void aDiscardedMessageIsAcceptedAndDropped() {
        String recipient = "discardee@" + DOMAIN;
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("client.example"), 250);

            SmtpSession.Reply discarded = smtp.send("discard@bad.test", List.of(recipient),
                "Subject: discarded\r\n\r\ndropped\r\n");
            // a message accepted after it on the same connection shows the spool has run past it
            SmtpSession.expect(smtp.command("RSET"), 250);
            smtp.send(GOOD_SENDER, List.of(recipient), "Subject: kept\r\n\r\nkept\r\n");

            assertThat(discarded.line()).isEqualTo("250 2.0.0 Ok: discarded");
        }
        List<String> subjects = Mailboxes.await("the kept message in the INBOX",
            () -> Mailboxes.imapSubjects(server, recipient, "discardee-password"), found -> found.contains("kept"));
        assertThat(subjects).containsExactly("kept");
        assertThat(server.currentRunLog()).contains("discarded by smtpd_sender_restrictions");
    }

    @Test
    void aPolicyServiceRejectionIsRelayed() {
        int before = policyServer.requests();

        assertThat(rcptReply(server.smtpPort(), GOOD_SENDER, "blocked@" + DOMAIN))
            .isEqualTo("554 5.7.1 <blocked@" + DOMAIN + ">: Recipient address rejected: go away");
        assertThat(policyServer.requests()).isGreaterThan(before);
    }

    @Test
    void theShippedRepliesStillHold() {
        assertThat(rcptReply(server.smtpPort(), GOOD_SENDER, "someone@elsewhere.example"))
            .isEqualTo("554 5.7.1 <someone@elsewhere.example>: Relay access denied");
        assertThat(rcptReply(server.smtpPort(), GOOD_SENDER, "nobody@" + DOMAIN))
            .isEqualTo("550 5.1.1 <nobody@" + DOMAIN + ">: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void anUnknownRestrictionStopsStartupWithTheFileListAndToken() {
        try (PosternProcess broken = PosternProcess.builder()
                .confFile("policy.cf", "smtpd_recipient_restrictions = reject_unauth_destination, reject_everything_bad\n")
                .build()) {
            broken.launch();

            assertThat(broken.awaitExit(Duration.ofSeconds(90))).isEqualTo(1);
            assertThat(broken.currentRunLog())
                .contains("postern: cannot start: conf/policy.cf: smtpd_recipient_restrictions: \"reject_everything_bad\": ");
        }
    }

    /** The reply to RCPT TO after EHLO and MAIL FROM on a fresh connection. */
    private static String rcptReply(int port, String sender, String recipient) {
        try (SmtpSession smtp = SmtpSession.connect(port)) {
            SmtpSession.expect(smtp.greeting(), 220);
            SmtpSession.expect(smtp.ehlo("client.example"), 250);
            SmtpSession.expect(smtp.command("MAIL FROM:<" + sender + ">"), 250);
            return smtp.command("RCPT TO:<" + recipient + ">").line();
        }
    }

    /**
     * A Postfix policy server (SMTPD_POLICY_README protocol): "action=REJECT go away" for
     * blocked@rl.test, "action=DUNNO" for anyone else.
     */
    private static final class PolicyServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();

        private PolicyServer(ServerSocket socket) {
            this.socket = socket;
        }

        static PolicyServer start() {
            try {
                PolicyServer server = new PolicyServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                Thread acceptor = new Thread(server::acceptLoop, "policy-server");
                acceptor.setDaemon(true);
                acceptor.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread handler = new Thread(() -> serve(client), "policy-client");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client;
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                 OutputStream out = client.getOutputStream()) {
                Map<String, String> attributes = new HashMap<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        int equals = line.indexOf('=');
                        if (equals > 0) {
                            attributes.put(line.substring(0, equals), line.substring(equals + 1));
                        }
                        continue;
                    }
                    requests.incrementAndGet();
                    String action = ("blocked@" + DOMAIN).equals(attributes.get("recipient")) ? "REJECT go away" : "DUNNO";
                    out.write(("action=" + action + "\n\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    attributes.clear();
                }
            } catch (IOException e) {
                // the server closed the connection: nothing more to answer
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
