package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one client may hold of a listener: Postfix's anvil limits on SMTP (connections at once, connections,
 * messages and recipients per time unit), connections per address on IMAP, POP3 and ManageSieve, idle limits
 * enforced as written, a shorter one before login, and a time limit per line that stops clients trickling
 * bytes (slowloris). Each test is its own client address.
 */
class ListenerLimitsIT {
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        String policy = String.join("\n",
            "mynetworks =",
            "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            "smtpd_client_event_limit_exceptions =",
            "smtpd_client_connection_count_limit = 3",
            "",
            "[submission]",
            "smtpd_client_connection_count_limit = 0",
            "smtpd_client_connection_rate_limit = 4",
            "smtpd_client_message_rate_limit = 2",
            "smtpd_client_recipient_rate_limit = 3",
            "smtpd_client_auth_rate_limit = 2",
            "");
        server = PosternProcess.builder()
            .confFile("policy.cf", policy)
            // port 25 only: the first SMTP server of the file
            .editConf("smtpserver.xml", text -> text.replaceFirst("<connectiontimeout>300</connectiontimeout>",
                "<connectiontimeout>3</connectiontimeout>"))
            .editConf("imapserver.xml", text -> text
                .replace("<unauthenticatedIdleTimeout>60</unauthenticatedIdleTimeout>", "<unauthenticatedIdleTimeout>2</unauthenticatedIdleTimeout>")
                .replace("<connectionLimitPerIP>20</connectionLimitPerIP>", "<connectionLimitPerIP>2</connectionLimitPerIP>"))
            .editConf("pop3server.xml", text -> text
                .replace("<unauthenticatedIdleTimeout>60</unauthenticatedIdleTimeout>", "<unauthenticatedIdleTimeout>30</unauthenticatedIdleTimeout>")
                .replace("<lineTimeout>60</lineTimeout>", "<lineTimeout>2</lineTimeout>")
                .replace("<connectionLimitPerIP>20</connectionLimitPerIP>", "<connectionLimitPerIP>2</connectionLimitPerIP>"))
            .editConf("managesieveserver.xml", text -> text
                .replace("<unauthenticatedIdleTimeout>60</unauthenticatedIdleTimeout>", "<unauthenticatedIdleTimeout>2</unauthenticatedIdleTimeout>")
                .replace("<connectionLimitPerIP>20</connectionLimitPerIP>", "<connectionLimitPerIP>2</connectionLimitPerIP>"))
            .build().start();
        server.webAdmin().createDomain("limits.test");
        server.webAdmin().createUser("lena@limits.test", "lena-password");
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server);
    }

    @Test
    void aClientOverItsConnectionCountIsToldSoAndDisconnected() {
        List<SmtpSession> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SmtpSession smtp = SmtpSession.connectFrom("127.0.0.32", server.smtpPort());
                open.add(smtp);
                assertThat(smtp.greeting().code()).isEqualTo(220);
            }
            try (LineSession fourth = LineSession.connectFrom("127.0.0.32", server.smtpPort())) {
                assertThat(fourth.line()).isEqualTo("421 4.7.0 " + server.hostname() + " Error: too many connections from 127.0.0.32");
                assertThat(fourth.closedByServer()).isTrue();
            }
            try (SmtpSession other = SmtpSession.connectFrom("127.0.0.33", server.smtpPort())) {
                assertThat(other.greeting().code()).as("another client").isEqualTo(220);
            }
        } finally {
            open.forEach(SmtpSession::close);
        }
        // closed connections no longer count
        try (SmtpSession again = SmtpSession.connectFrom("127.0.0.32", server.smtpPort())) {
            assertThat(again.greeting().code()).isEqualTo(220);
        }
    }

    @Test
    void theConnectionRateIsCountedAcrossConnections() {
        for (int i = 0; i < 4; i++) {
            try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.34", server.submissionPort())) {
                assertThat(smtp.greeting().code()).isEqualTo(220);
            }
        }
        try (LineSession fifth = LineSession.connectFrom("127.0.0.34", server.submissionPort())) {
            assertThat(fifth.line()).isEqualTo("421 4.7.0 " + server.hostname() + " Error: too many connections from 127.0.0.34");
        }
    }

    @Test
    void messageAndRecipientRatesAnswer450AsPostfixDoes() {
        try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.35", server.submissionPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.command("MAIL FROM:<a@remote.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<lena@limits.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<nobody@limits.test>").code()).isEqualTo(550);
            assertThat(smtp.command("RCPT TO:<lena@limits.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<lena@limits.test>").line())
                .isEqualTo("450 4.7.1 Error: too many recipients from 127.0.0.35");
            SmtpSession.expect(smtp.command("RSET"), 250);
            assertThat(smtp.command("MAIL FROM:<a@remote.test>").code()).isEqualTo(250);
            SmtpSession.expect(smtp.command("RSET"), 250);
            assertThat(smtp.command("MAIL FROM:<a@remote.test>").line()).isEqualTo("450 4.7.1 Error: too much mail from 127.0.0.35");
        }
    }

    @Test
    void theAuthRateIsCountedAcrossConnections() {
        for (int i = 0; i < 2; i++) {
            try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.40", server.submissionPort())) {
                smtp.ehlo("client.example");
                smtp.startTls(TestTls.trustAll());
                smtp.ehlo("client.example");
                assertThat(smtp.authPlain("lena@limits.test", "not-her-password").code()).isEqualTo(535);
            }
        }
        try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.40", server.submissionPort())) {
            smtp.ehlo("client.example");
            smtp.startTls(TestTls.trustAll());
            smtp.ehlo("client.example");
            assertThat(smtp.authPlain("lena@limits.test", "lena-password").line())
                .isEqualTo("450 4.7.1 Error: too many AUTH commands from 127.0.0.40");
        }
    }

    @Test
    void anIdleSmtpClientIsDisconnectedAtConnectiontimeoutNotTwiceIt() {
        try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.36", server.smtpPort())) {
            long start = System.nanoTime();
            assertThat(smtp.reply().line()).isEqualTo("421 4.4.2 " + server.hostname() + " Error: timeout exceeded");
            assertThat(smtp.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(5500));
        }
    }

    @Test
    void unauthenticatedImapAndManageSieveClientsAreDisconnectedAfterTheShortIdleLimit() {
        try (LineSession imap = LineSession.connectFrom("127.0.0.37", server.imapPort());
             LineSession sieve = LineSession.connectFrom("127.0.0.37", server.port("MANAGESIEVE_PORT"))) {
            long start = System.nanoTime();
            assertThat(imap.line()).startsWith("* OK");
            // bytes that never make a line do not keep the connection alive
            for (int i = 0; i < 3; i++) {
                imap.write(new byte[] {'a'});
                PosternProcess.sleep(Duration.ofMillis(400));
            }
            assertThat(imap.line()).isEqualTo("* BYE Disconnected for inactivity");
            assertThat(imap.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(4500));
            assertThat(sieve.linesUntil(line -> line.startsWith("BYE"))).last().isEqualTo("BYE \"Disconnected for inactivity\"");
        }
    }

    @Test
    void aPop3ClientTricklingOneLineIsDisconnectedAtTheLineTimeout() {
        try (LineSession pop3 = LineSession.connectFrom("127.0.0.38", server.pop3Port())) {
            assertThat(pop3.line()).startsWith("+OK");
            long start = System.nanoTime();
            for (char c : "USER lena".toCharArray()) {
                pop3.write(new byte[] {(byte) c});
                PosternProcess.sleep(Duration.ofMillis(300));
                if (Duration.ofNanos(System.nanoTime() - start).toMillis() > 1500) {
                    break;
                }
            }
            assertThat(pop3.line()).isEqualTo("-ERR Disconnected for inactivity");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(4500));
        }
    }

    @Test
    void imapPop3AndManageSieveRefuseAClientOverItsConnectionsPerAddress() {
        assertThat(thirdConnectionGreeting(server.imapPort())).isEqualTo("* BYE [UNAVAILABLE] Too many connections from 127.0.0.39");
        assertThat(thirdConnectionGreeting(server.pop3Port())).isEqualTo("-ERR [SYS/TEMP] Too many connections from 127.0.0.39");
        assertThat(thirdConnectionGreeting(server.port("MANAGESIEVE_PORT")))
            .isEqualTo("BYE (TRYLATER) \"Too many connections from 127.0.0.39\"");
    }

    /** Two connections greeted (so counted), then the first line a third one gets. */
    private static String thirdConnectionGreeting(int port) {
        try (LineSession first = LineSession.connectFrom("127.0.0.39", port);
             LineSession second = LineSession.connectFrom("127.0.0.39", port)) {
            assertThat(List.of(first.line(), second.line())).noneMatch(ListenerLimitsIT::isRefusal);
            try (LineSession third = LineSession.connectFrom("127.0.0.39", port)) {
                String line = third.line();
                assertThat(third.closedByServer()).isTrue();
                return line;
            }
        }
    }

    private static boolean isRefusal(String greeting) {
        return greeting.startsWith("* BYE") || greeting.startsWith("-ERR") || greeting.startsWith("BYE");
    }
}
