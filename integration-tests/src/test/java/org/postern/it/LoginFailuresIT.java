package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password guessing across protocols and connections: failed logins of SMTP AUTH, IMAP, POP3, ManageSieve
 * and webadmin count together per client address; at auth_failure_limit the address is refused everywhere
 * for auth_failure_ban_time, in each protocol's words, while the account itself keeps working from other
 * addresses. Webadmin lists and lifts the refusals. Each test is its own client address.
 */
class LoginFailuresIT {
    private static final String USER = "gina@guard.test";
    private static final String PASSWORD = "gina-password";

    private static PosternProcess server;

    @BeforeAll
    static void start() {
        server = PosternProcess.builder()
            .editConf("policy.cf", text -> text.replace("auth_failure_limit = 10", "auth_failure_limit = 5"))
            .build().start();
        server.webAdmin().createDomain("guard.test");
        server.webAdmin().createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server);
    }

    @Test
    void failuresOfEveryProtocolAddUpAndTheAddressIsThenRefusedEverywhere() {
        String attacker = "127.0.0.51";
        assertThat(imapsLogin(attacker, "wrong-1")).contains("NO");
        assertThat(imapsLogin(attacker, "wrong-2")).contains("NO");
        assertThat(pop3sLogin(attacker, "wrong-3")).startsWith("-ERR");
        assertThat(pop3sLogin(attacker, "wrong-4")).startsWith("-ERR");
        try (SmtpSession smtps = SmtpSession.connectFrom(attacker, server.submissionPort())) {
            smtps.ehlo("client.example");
            smtps.startTls(TestTls.trustAll());
            smtps.ehlo("client.example");
            // the fifth failure: refused at once, and hung up on
            assertThat(smtps.authPlain(USER, "wrong-5").line())
                .isEqualTo("421 4.7.0 " + server.hostname() + " Error: too many failed logins from " + attacker + ", try again later");
            assertThat(smtps.closedByServer()).isTrue();
        }

        String refused = "too many failed logins from " + attacker;
        try (LineSession smtp = LineSession.connectFrom(attacker, server.submissionPort())) {
            assertThat(smtp.line()).isEqualTo("421 4.7.0 " + server.hostname() + " Error: " + refused + ", try again later");
        }
        try (LineSession imap = LineSession.connectFrom(attacker, server.imapPort())) {
            assertThat(imap.line()).isEqualTo("* BYE [UNAVAILABLE] Too many failed logins from " + attacker + ", try again later");
        }
        try (LineSession pop3 = LineSession.connectFrom(attacker, server.pop3Port())) {
            assertThat(pop3.line()).isEqualTo("-ERR [SYS/TEMP] Too many failed logins from " + attacker + ", try again later");
        }
        try (LineSession sieve = LineSession.connectFrom(attacker, server.port("MANAGESIEVE_PORT"))) {
            assertThat(sieve.line()).isEqualTo("BYE (TRYLATER) \"Too many failed logins from " + attacker + ", try again later\"");
        }
        try (LineSession imaps = LineSession.connectFrom(attacker, server.imapsPort())) {
            assertThat(imaps.closedByServer()).as("implicit TLS: closed before the handshake").isTrue();
        }
        try (LineSession http = LineSession.connectFrom(attacker, server.port("WEBADMIN_PORT"))) {
            RawHttp.Reply reply = RawHttp.exchange(http, "GET", "/domains",
                List.of("Authorization: " + RawHttp.basic("admin", PosternProcess.WEBADMIN_PASSWORD)), null);
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.header("Retry-After")).isPresent();
        }
        // the account is not locked: its owner elsewhere logs in
        assertThat(imapsLogin("127.0.0.52", PASSWORD)).contains("OK");
    }

    @Test
    void connectionsOpenWhenTheRefusalStartsAreRefusedAtTheirNextLogin() {
        String attacker = "127.0.0.56";
        try (LineSession imaps = LineSession.connectImplicitTls(attacker, server.imapsPort());
             LineSession pop3s = LineSession.connectImplicitTls(attacker, server.pop3sPort());
             SmtpSession submission = SmtpSession.connectFrom(attacker, server.submissionPort())) {
            assertThat(imaps.line()).startsWith("* OK");
            assertThat(pop3s.line()).startsWith("+OK");
            submission.ehlo("client.example");
            submission.startTls(TestTls.trustAll());
            submission.ehlo("client.example");
            for (int i = 1; i <= 5; i++) {
                assertThat(imapsLogin(attacker, "wrong-" + i)).doesNotContain("a OK");
            }

            imaps.send("b LOGIN " + USER + " " + PASSWORD);
            assertThat(imaps.line()).isEqualTo("b NO [UNAVAILABLE] Too many failed logins from " + attacker + ", try again later");
            assertThat(imaps.closedByServer()).isTrue();
            pop3s.send("USER " + USER);
            assertThat(pop3s.line()).isEqualTo("-ERR [SYS/TEMP] Too many failed logins from " + attacker + ", try again later");
            assertThat(pop3s.closedByServer()).isTrue();
            assertThat(submission.authPlain(USER, PASSWORD).line())
                .isEqualTo("421 4.7.0 " + server.hostname() + " Error: too many failed logins from " + attacker + ", try again later");
            assertThat(submission.closedByServer()).isTrue();
        }
    }

    @Test
    void webadminGuessesAreRefusedWith429AndTheAdminListsAndLiftsTheRefusal() {
        String guesser = "127.0.0.53";
        for (int i = 1; i <= 4; i++) {
            assertThat(webAdminGet(guesser, "wrong-" + i).status()).isEqualTo(401);
        }
        RawHttp.Reply fifth = webAdminGet(guesser, "wrong-5");
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.body()).contains("\"statusCode\":429").contains("too many failed logins from " + guesser);
        assertThat(webAdminGet(guesser, PosternProcess.WEBADMIN_PASSWORD).status()).as("the right password too").isEqualTo(429);

        WebAdminClient.Reply bans = server.webAdmin().get("/security/bans");
        assertThat(bans.body()).contains("\"client\":\"" + guesser + "\"").contains("\"failures\":5");
        assertThat(server.webAdmin().delete("/security/bans/" + guesser).status()).isEqualTo(204);
        assertThat(server.webAdmin().delete("/security/bans/" + guesser).status()).isEqualTo(404);
        assertThat(server.webAdmin().delete("/security/bans/not-an-address").status()).isEqualTo(400);

        assertThat(webAdminGet(guesser, PosternProcess.WEBADMIN_PASSWORD).status()).isEqualTo(200);
        assertThat(server.currentRunLog()).contains(guesser + " refused until");
    }

    @Test
    void pop3ClosesAConnectionAfterThreeFailedLogins() {
        try (LineSession pop3 = LineSession.connectImplicitTls("127.0.0.54", server.pop3sPort())) {
            assertThat(pop3.line()).startsWith("+OK");
            for (int i = 1; i <= 2; i++) {
                pop3.send("USER " + USER);
                assertThat(pop3.line()).startsWith("+OK");
                pop3.send("PASS wrong-" + i);
                assertThat(pop3.line()).isEqualTo("-ERR Authentication failed.");
            }
            pop3.send("USER " + USER);
            pop3.line();
            pop3.send("PASS wrong-3");
            assertThat(pop3.line()).isEqualTo("-ERR [AUTH] Authentication failed; too many failures on this connection");
            assertThat(pop3.closedByServer()).isTrue();
        }
    }

    @Test
    void manageSieveClosesAConnectionAfterThreeFailedLogins() {
        try (LineSession sieve = LineSession.connectFrom("127.0.0.55", server.port("MANAGESIEVE_PORT"))) {
            sieve.linesUntil(line -> line.startsWith("OK"));
            sieve.send("STARTTLS");
            assertThat(sieve.line()).startsWith("OK");
            sieve.startTls();
            sieve.linesUntil(line -> line.startsWith("OK"));
            for (int i = 1; i <= 2; i++) {
                assertThat(sieveLogin(sieve, "wrong-" + i)).startsWith("NO");
            }
            assertThat(sieveLogin(sieve, "wrong-3")).isEqualTo("BYE \"Too many failed logins on this connection\"");
            assertThat(sieve.closedByServer()).isTrue();
        }
    }

    private static String sieveLogin(LineSession sieve, String password) {
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
        sieve.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"");
        return sieve.line();
    }

    private static String imapsLogin(String from, String password) {
        try (LineSession imaps = LineSession.connectImplicitTls(from, server.imapsPort())) {
            assertThat(imaps.line()).startsWith("* OK");
            imaps.send("a LOGIN " + USER + " " + password);
            return String.join("\n", imaps.linesUntil(line -> line.startsWith("a ")));
        }
    }

    private static String pop3sLogin(String from, String password) {
        try (LineSession pop3 = LineSession.connectImplicitTls(from, server.pop3sPort())) {
            assertThat(pop3.line()).startsWith("+OK");
            pop3.send("USER " + USER);
            pop3.line();
            pop3.send("PASS " + password);
            return pop3.line();
        }
    }

    private static RawHttp.Reply webAdminGet(String from, String password) {
        try (LineSession http = LineSession.connectFrom(from, server.port("WEBADMIN_PORT"))) {
            return RawHttp.exchange(http, "GET", "/domains", List.of("Authorization: " + RawHttp.basic("admin", password)), null);
        }
    }
}
