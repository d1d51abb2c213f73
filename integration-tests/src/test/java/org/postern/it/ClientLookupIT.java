package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackDnsServer;

/**
 * What the server learns of a client before greeting it, without ever waiting on DNS on a network thread:
 * the client's hostname (needed by check_client_access here) is looked up through DNS_SERVERS while only that
 * client waits; a client whose PTR zone never answers is greeted once the lookup gives up, as "unknown";
 * clients that talk before the greeting are caught by reject_unauth_pipelining, as in Postfix.
 */
class ClientLookupIT {
    private static final String DOMAIN = "lookup.test";
    private static final String USER = "lou@" + DOMAIN;
    private static final String PASSWORD = "lou-password";
    private static final String SILENT_PTR = "127.0.0.61";
    private static final String GOOD_CLIENT = "127.0.0.62";
    private static final String SLOW_PTR = "127.0.0.63";
    private static final String WARM_UP_CLIENT = "127.0.0.64";

    private static LoopbackDnsServer dns;
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        dns = LoopbackDnsServer.start()
            .ptr(GOOD_CLIENT, "good.client.test").a("good.client.test", GOOD_CLIENT)
            .ptr(WARM_UP_CLIENT, "warm.client.test").a("warm.client.test", WARM_UP_CLIENT)
            .ptr(SLOW_PTR, "slow.client.test").a("slow.client.test", SLOW_PTR)
            .timeout("61.0.0.127.in-addr.arpa")
            .delay("63.0.0.127.in-addr.arpa", Duration.ofMillis(300));
        String policy = String.join("\n",
            "mynetworks =",
            "smtpd_client_restrictions = check_client_access file:tables/client_access",
            "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            "smtpd_recipient_restrictions = reject_unauth_pipelining",
            "");
        server = PosternProcess.builder().dnsServer(dns.hostAndPort())
            .confFile("policy.cf", policy)
            .confFile("tables/client_access", "refused.client.test REJECT\n")
            .build().start();
        server.webAdmin().createDomain(DOMAIN);
        server.webAdmin().createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server, dns);
    }

    @Test
    void clientsWhosePtrNeverAnswersDoNotHoldUpOthers() {
        // a fresh server's first greeting pays for loading its code, which on a busy machine alone can take
        // a second: a client on its own address sends first, so that the bounds below measure waiting. A client
        // held up behind the silent lookups would wait for their 10 s limit; the bounds leave a busy machine
        // room for scheduling noise below that
        try (SmtpSession warmUp = SmtpSession.connectFrom(WARM_UP_CLIENT, server.smtpPort())) {
            warmUp.ehlo("warm.client.test");
            warmUp.send("sender@remote.test", List.of(USER),
                Messages.message("sender@remote.test", USER, Messages.uniqueSubject("warm-up"), "first"));
        }
        List<LineSession> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                waiting.add(LineSession.connectFrom(SILENT_PTR, server.smtpPort()));
            }
            String subject = Messages.uniqueSubject("not held up");
            long start = System.nanoTime();
            try (SmtpSession smtp = SmtpSession.connectFrom(GOOD_CLIENT, server.smtpPort())) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("greeted").isLessThan(Duration.ofSeconds(3));
                smtp.ehlo("good.client.test");
                smtp.send("sender@remote.test", List.of(USER), Messages.message("sender@remote.test", USER, subject, "fast"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the whole transaction").isLessThan(Duration.ofSeconds(5));

            // the waiting clients are greeted once their lookup gives up, and are "unknown"
            LineSession first = waiting.get(0);
            first.timeout(Duration.ofSeconds(30));
            assertThat(first.line()).startsWith("220 ");

            Mailboxes.await("the message", () -> Mailboxes.imapSubjects(server, USER, PASSWORD), found -> found.contains(subject));
            assertThat(Mailboxes.pop3Messages(server, USER, PASSWORD))
                .anySatisfy(text -> assertThat(text).contains(subject)
                    .contains("Received: from good.client.test (good.client.test [" + GOOD_CLIENT + "])")
                    .doesNotContain("JAMES"));
        } finally {
            waiting.forEach(LineSession::close);
        }
    }

    @Test
    void aClientThatTalksBeforeTheGreetingIsRefusedAtRcptAsPostfixDoes() {
        try (LineSession early = LineSession.connectFrom(SLOW_PTR, server.smtpPort())) {
            // sent at once: the greeting waits for the client's PTR, answered 300 ms late
            early.write("EHLO early.example\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(early.line()).startsWith("220 ");
            early.linesUntil(line -> line.startsWith("250 "));
            early.send("MAIL FROM:<sender@remote.test>");
            assertThat(early.line()).startsWith("250");
            early.send("RCPT TO:<" + USER + ">");
            assertThat(early.line()).isEqualTo("503 5.5.0 <" + USER + ">: Recipient address rejected: Improper use of SMTP command pipelining");
        }
        try (SmtpSession patient = SmtpSession.connectFrom(SLOW_PTR, server.smtpPort())) {
            patient.ehlo("patient.example");
            SmtpSession.expect(patient.command("MAIL FROM:<sender@remote.test>"), 250);
            assertThat(patient.command("RCPT TO:<" + USER + ">").code()).isEqualTo(250);
        }
        assertThat(server.currentRunLog()).contains("improper command pipelining after CONNECT from " + SLOW_PTR);
    }
}
