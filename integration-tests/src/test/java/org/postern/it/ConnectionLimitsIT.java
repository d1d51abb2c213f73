package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackDnsServer;

/**
 * Postfix's connection limits from conf/policy.cf over real SMTP (message_size_limit, smtpd_recipient_limit,
 * the soft and hard error limits, disable_vrfy_command), and mynetworks letting a trusted client relay
 * without AUTH on port 25 only.
 */
class ConnectionLimitsIT {
    private static final String DOMAIN = "limits.test";
    private static final String USER = "carol@" + DOMAIN;
    private static final String PASSWORD = "carol-password";
    private static final String REMOTE = "far.test";
    private static final long SIZE_LIMIT = 20_000;

    private static LoopbackDnsServer dns;
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        dns = LoopbackDnsServer.start()
            .mx(REMOTE, 10, "mx." + REMOTE)
            .a("mx." + REMOTE, "127.0.0.1");
        String policy = String.join("\n",
            "# limits for ConnectionLimitsIT",
            "mynetworks =",
            "message_size_limit = " + SIZE_LIMIT,
            "smtpd_recipient_limit = 3",
            "smtpd_soft_error_limit = 3",
            "smtpd_error_sleep_time = 2s",
            "smtpd_hard_error_limit = 5",
            "disable_vrfy_command = yes",
            "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            "",
            "[smtp]",
            "mynetworks = 127.0.0.0/8",
            "",
            "[submission]",
            "disable_vrfy_command = no",
            "");
        server = PosternProcess.builder().dnsServer(dns.hostAndPort()).confFile("policy.cf", policy).build().start();
        server.webAdmin().createDomain(DOMAIN);
        for (int i = 1; i <= 4; i++) {
            server.webAdmin().createUser("user" + i + "@" + DOMAIN, "password-" + i);
        }
        server.webAdmin().createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server, dns);
    }

    @Test
    void theSizeLimitIsAnnouncedInEhlo() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            assertThat(smtp.ehlo("client.example").lines()).contains("SIZE " + SIZE_LIMIT);
        }
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedAtMail() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.command("MAIL FROM:<sender@example.org> SIZE=" + (SIZE_LIMIT + 1)).line())
                .isEqualTo("552 5.3.4 Message size exceeds fixed limit");
            assertThat(smtp.command("MAIL FROM:<sender@example.org> SIZE=" + SIZE_LIMIT).code()).isEqualTo(250);
        }
    }

    @Test
    void aMessageOverTheLimitIsRefusedAfterItsDataAndNotDelivered() {
        String subject = Messages.uniqueSubject("too big");
        String body = "x".repeat(76) + "\r\n";
        String big = Messages.message("sender@example.org", USER, subject, body.repeat((int) (SIZE_LIMIT / body.length()) + 10));
        String small = Messages.uniqueSubject("small enough");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<sender@example.org>"), 250);
            SmtpSession.expect(smtp.command("RCPT TO:<" + USER + ">"), 250);
            assertThat(smtp.data(big).line()).isEqualTo("552 5.3.4 Error: message file too big");

            // the session goes on: the next message of the same connection is accepted
            assertThat(smtp.send("sender@example.org", List.of(USER),
                Messages.message("sender@example.org", USER, small, "fits")).code()).isEqualTo(250);
        }
        List<String> subjects = Mailboxes.await("the small message in the mailbox",
            () -> Mailboxes.imapSubjects(server, USER, PASSWORD), found -> found.contains(small));
        assertThat(subjects).doesNotContain(subject);
    }

    @Test
    void recipientsBeyondTheLimitAreRefusedWith452() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<sender@example.org>"), 250);
            for (int i = 1; i <= 3; i++) {
                SmtpSession.expect(smtp.command("RCPT TO:<user" + i + "@" + DOMAIN + ">"), 250);
            }
            assertThat(smtp.command("RCPT TO:<user4@" + DOMAIN + ">").line()).isEqualTo("452 4.5.3 Error: too many recipients");
        }
    }

    @Test
    void vrfyIsDisabledOnPort25AndNonCommittalOn587() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.command("VRFY " + USER).line()).isEqualTo("502 5.5.1 VRFY command is disabled");
        }
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.command("VRFY " + USER).code()).isEqualTo(252);
            assertThat(smtp.command("VRFY nobody@" + DOMAIN).code()).as("no hint whether a user exists").isEqualTo(252);
        }
    }

    @Test
    void aClientMakingTooManyErrorsIsSlowedDownThenDisconnected() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("client.example");
            // errors 1 and 2 come back at once
            long start = System.nanoTime();
            assertThat(smtp.command("RCPT TO:<" + USER + ">").code()).isEqualTo(503);
            assertThat(smtp.command("BOGUS").code()).isEqualTo(500);
            Duration fast = Duration.ofNanos(System.nanoTime() - start);
            // from the third error on, every reply waits smtpd_error_sleep_time, even a good one
            start = System.nanoTime();
            assertThat(smtp.command("BOGUS").code()).isEqualTo(500);
            assertThat(smtp.command("NOOP").code()).isEqualTo(250);
            Duration slow = Duration.ofNanos(System.nanoTime() - start);
            assertThat(slow).isGreaterThanOrEqualTo(Duration.ofMillis(3900)).isGreaterThan(fast);
            // pipelined commands are still answered in order
            List<SmtpSession.Reply> replies = smtp.pipeline(List.of("BOGUS", "NOOP"));
            assertThat(replies).extracting(SmtpSession.Reply::code).containsExactly(500, 250);
            // the fifth error reaches smtpd_hard_error_limit: its reply is followed by the 421, unasked, as in Postfix
            assertThat(smtp.command("BOGUS").code()).isEqualTo(500);
            assertThat(smtp.reply().line()).isEqualTo("421 4.7.0 " + server.hostname() + " Error: too many errors");
            assertThat(smtp.closedByServer()).isTrue();
        }
    }

    @Test
    void afterTooManyErrorsNothingMoreIsReadOrLogged() throws Exception {
        long logBefore = java.nio.file.Files.size(server.logFile());
        try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.71", server.submissionPort())) {
            // replies are read while the junk goes out: the server hangs up on a client it no longer reads
            java.util.concurrent.CompletableFuture<List<Integer>> replies = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                List<Integer> codes = new java.util.ArrayList<>();
                try {
                    while (codes.size() < 10) {
                        codes.add(smtp.reply().code());
                    }
                } catch (java.io.UncheckedIOException closed) {
                    // the end of the connection
                }
                return codes;
            });
            // five errors at once: the fifth reaches smtpd_hard_error_limit; 10 MB of junk follow without waiting
            smtp.writeRaw("BOGUS\r\n".repeat(5));
            String junk = "JUNK " + "j".repeat(1000) + "\r\n";
            try {
                for (int i = 0; i < 10_000; i++) {
                    smtp.writeRaw(junk);
                }
            } catch (java.io.UncheckedIOException closedByTheServer) {
                // expected: the server stopped reading and hung up
            }
            assertThat(replies.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(500, 500, 500, 500, 500, 421);
        }
        long logged = java.nio.file.Files.size(server.logFile()) - logBefore;
        assertThat(logged).as("bytes logged for 10 MB of junk").isLessThan(20_000);
        assertThat(server.currentRunLog()).contains("too many errors after");
    }

    @Test
    void clientTextIsCutAndEscapedInTheLog() {
        try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.72", server.smtpPort())) {
            smtp.ehlo("h" + "e".repeat(2998) + "o");
            SmtpSession.expect(smtp.command("MAIL FROM:<sender@example.org>"), 250);
            assertThat(smtp.command("RCPT TO:<nobody-logged@" + DOMAIN + ">").code()).isEqualTo(550);
        }
        String line = Mailboxes.await("the rejection in the log", () -> server.currentRunLog().lines()
                .filter(text -> text.contains("nobody-logged@")).findFirst().orElse(""), text -> !text.isEmpty());
        assertThat(line).contains("helo=<h" + "e".repeat(199) + "...(2800 more characters)>");
        assertThat(line.length()).isLessThan(1500);
    }

    @Test
    void otherClientsAreNotSlowedByErringOnes() {
        // more erring connections than the server has I/O threads, so that every thread serves one
        int erringClients = 16;
        List<SmtpSession> erring = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < erringClients; i++) {
                SmtpSession client = SmtpSession.connect(server.submissionPort());
                erring.add(client);
                for (int error = 0; error < 2; error++) {
                    client.command("BOGUS");
                }
            }
            // each erring client's third error reaches smtpd_soft_error_limit: its reply is held back...
            erring.forEach(client -> client.write("BOGUS"));
            // ...and meanwhile a well-behaved client is served at once (held up, it would wait 2 s at least)
            long start = System.nanoTime();
            try (SmtpSession other = SmtpSession.connect(server.submissionPort())) {
                assertThat(other.ehlo("other.example").code()).isEqualTo(250);
                assertThat(other.command("NOOP").code()).isEqualTo(250);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(erring).allSatisfy(client -> assertThat(client.reply().code()).isEqualTo(500));
        } finally {
            // each QUIT is answered two seconds late too: say goodbye in parallel
            List<Thread> goodbyes = erring.stream().map(client -> new Thread(client::close)).toList();
            goodbyes.forEach(Thread::start);
            for (Thread goodbye : goodbyes) {
                try {
                    goodbye.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aClientInMynetworksRelaysWithoutAuthOnPort25Only() {
        String recipient = "friend-" + System.nanoTime() + "@" + REMOTE;
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.send(USER, List.of(recipient), Messages.message(USER, recipient, "relayed", "via mynetworks"))
                .code()).isEqualTo(250);
        }
        // accepted for relaying all the way through the pipeline: it waits in the outgoing queue (nothing
        // listens on the MX's port 25) instead of bouncing as relay denied
        String queue = Mailboxes.await("relayed message in the outgoing queue",
            () -> server.webAdmin().get("/mailQueues/outgoing/mails").body(), body -> body.contains(recipient));
        assertThat(queue).contains(recipient);

        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("client.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<" + USER + ">"), 250);
            assertThat(smtp.command("RCPT TO:<" + recipient + ">").line())
                .isEqualTo("554 5.7.1 <" + recipient + ">: Relay access denied");
        }
    }
}
