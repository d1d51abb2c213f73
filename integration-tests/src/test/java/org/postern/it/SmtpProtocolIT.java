package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SMTP as Postfix answers it where clients misbehave, on the shipped configuration: addresses over RFC 5321's
 * limits and parameters the server does not offer are refused with Postfix's replies; an undecodable AUTH
 * response gets 501, not an internal error; bare line feeds are normalized and cannot end a message early;
 * no reply, greeting or header names the software; a client flooding bad commands gets every reply and the 421;
 * a client that resets its connection or does not speak TLS costs one log line.
 */
@ExtendWith(SharedPostern.class)
class SmtpProtocolIT {
    private static final String DOMAIN = "protocol.test";
    private static final String USER = "paul@" + DOMAIN;
    private static final String PASSWORD = "paul-password";

    private final PosternProcess server = SharedPostern.server();

    @BeforeAll
    static void createMailbox() {
        SharedPostern.server().webAdmin().createDomain(DOMAIN);
        SharedPostern.server().webAdmin().createUser(USER, PASSWORD);
    }

    @Test
    void addressesOverTheRfc5321LimitsAreASyntaxError() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            assertThat(smtp.command("MAIL FROM:<" + "a".repeat(3000) + "@remote.test>").line())
                .isEqualTo("501 5.1.7 Bad sender address syntax");
            assertThat(smtp.command("MAIL FROM:<" + "a".repeat(65) + "@remote.test>").line())
                .isEqualTo("501 5.1.7 Bad sender address syntax");
            assertThat(smtp.command("MAIL FROM:sender@remote.test").line()).isEqualTo("501 5.1.7 Bad sender address syntax");
            SmtpSession.expect(smtp.command("MAIL FROM:<sender@remote.test>"), 250);
            assertThat(smtp.command("RCPT TO:<" + "b".repeat(300) + "@" + DOMAIN + ">").line())
                .isEqualTo("501 5.1.3 Bad recipient address syntax");
            assertThat(smtp.command("RCPT TO:<>").line()).isEqualTo("501 5.1.3 Bad recipient address syntax");
            assertThat(smtp.command("RCPT TO:<" + USER + ">").code()).as("the transaction goes on").isEqualTo(250);
        }
    }

    @Test
    void parametersTheServerDoesNotOfferAreRefused() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            StringBuilder many = new StringBuilder("MAIL FROM:<>");
            for (int i = 0; i < 500; i++) {
                many.append(" X").append(i).append("=1");
            }
            assertThat(smtp.command(many.toString()).line()).isEqualTo("555 5.5.4 Unsupported option: X0=1");
            assertThat(smtp.command("MAIL FROM:<sender@remote.test> BODY=evil").line())
                .isEqualTo("555 5.5.4 Unsupported option: BODY=evil");
            assertThat(smtp.command("MAIL FROM:<sender@remote.test> SIZE=-1").line()).isEqualTo("501 5.5.4 Bad message size syntax");
            assertThat(smtp.command("MAIL FROM:<sender@remote.test> SIZE=10 SIZE=20").line())
                .isEqualTo("501 5.5.4 Bad message size syntax");
            assertThat(smtp.command("MAIL FROM:<sender@remote.test> AUTH=<>").line())
                .as("no AUTH on port 25").isEqualTo("555 5.5.4 Unsupported option: AUTH=<>");
            SmtpSession.expect(smtp.command("MAIL FROM:<sender@remote.test> BODY=8BITMIME SIZE=100"), 250);
            assertThat(smtp.command("RCPT TO:<" + USER + "> NOTIFY=NEVER").line())
                .isEqualTo("555 5.5.4 Unsupported option: NOTIFY=NEVER");
        }
    }

    @Test
    void anUndecodableAuthResponseIsA501AndTheSessionGoesOn() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("client.example");
            smtp.startTls(TestTls.trustAll());
            smtp.ehlo("client.example");
            assertThat(smtp.command("AUTH LOGIN !!!").line()).isEqualTo("501 5.5.2 Cannot decode response");
            assertThat(smtp.command("AUTH LOGIN ICA=").line()).as("base64 of a blank name").isEqualTo("501 5.5.2 Cannot decode response");
            assertThat(smtp.command("AUTH PLAIN %%%").line()).isEqualTo("501 5.5.2 Cannot decode response");
            assertThat(smtp.command("AUTH LOGIN").line()).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(smtp.command("!!!").line()).isEqualTo("501 5.5.2 Cannot decode response");
            assertThat(smtp.command("AUTH LOGIN").code()).isEqualTo(334);
            assertThat(smtp.command("*").line()).isEqualTo("501 5.7.0 Authentication aborted");
            // the two-step form still logs in
            assertThat(smtp.command("AUTH LOGIN").code()).isEqualTo(334);
            assertThat(smtp.command(base64(USER)).line()).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(smtp.command(base64(PASSWORD)).line()).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void bareLineFeedsAreNormalizedAndCannotEndAMessageEarly() {
        String subject = Messages.uniqueSubject("bare newlines");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.writeRaw("EHLO client.example\n");
            assertThat(smtp.reply().code()).as("a command ending in a bare LF, normalized").isEqualTo(250);
            SmtpSession.expect(smtp.command("MAIL FROM:<sender@remote.test>"), 250);
            SmtpSession.expect(smtp.command("RCPT TO:<" + USER + ">"), 250);
            SmtpSession.expect(smtp.command("DATA"), 354);
            String smuggling = "From: sender@remote.test\r\nSubject: " + subject + "\r\n\r\nfirst line\nsecond\rline\r\n"
                + "\n.\nMAIL FROM:<smuggled@remote.test>\r\n.\r\n";
            smtp.write(smuggling.substring(0, smuggling.length() - 2));
            assertThat(smtp.reply().code()).as("only CRLF.CRLF ends the message").isEqualTo(250);
        }
        Mailboxes.await("the message", () -> Mailboxes.imapSubjects(server, USER, PASSWORD), found -> found.contains(subject));
        String stored = Mailboxes.pop3Messages(server, USER, PASSWORD).stream().filter(text -> text.contains(subject))
            .findFirst().orElseThrow();
        // POP3 reads lines back without their endings: a bare CR kept would have split "second line" in two
        assertThat(stored).contains("first line\nsecond line\n").contains("\n.\nMAIL FROM:<smuggled@remote.test>");
    }

    @Test
    void aFloodOfBadCommandsGetsEveryHeldReplyThenTheGoodbye() {
        // shipped limits: from the 10th error on each reply waits smtpd_error_sleep_time (1 s), the 20th ends the
        // session; sent at once, the last replies come more than ten seconds later and must still arrive
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            smtp.writeRaw("BOGUS\r\n".repeat(30));
            for (int error = 1; error <= 20; error++) {
                assertThat(smtp.reply().line()).as("reply to error " + error).isEqualTo("500 5.5.1 Command BOGUS unrecognized.");
            }
            assertThat(smtp.reply().line()).isEqualTo("421 4.7.0 " + server.hostname() + " Error: too many errors");
            assertThat(smtp.closedByServer()).isTrue();
        }
    }

    @Test
    void clientsThatResetOrDoNotSpeakTlsCostOneLogLineEach() throws Exception {
        int logStart = server.currentRunLog().length();
        try (Socket reset = new Socket("127.0.0.1", server.smtpPort())) {
            reset.setSoTimeout(10_000);
            assertThat(new String(reset.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("220 ");
            reset.setSoLinger(true, 0); // closing sends a reset
        }
        try (Socket plain = new Socket("127.0.0.1", server.smtpsPort())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("EHLO plain.example\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(plain.getInputStream().read()).as("no answer to a client that does not speak TLS").isEqualTo(-1);
        }
        String log = Mailboxes.await("one line for each", () -> server.currentRunLog().substring(logStart),
            text -> text.lines().filter(line -> line.contains("lost connection from 127.0.0.1")).count() == 2);
        assertThat(log).doesNotContain("ERROR").doesNotContain("\tat ");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            assertThat(smtp.ehlo("client.example").code()).as("the server goes on").isEqualTo(250);
        }
    }

    @Test
    void greetingsHeadersAndGoodbyesNameTheServerNotTheSoftware() {
        String subject = Messages.uniqueSubject("identity");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            smtp.send("sender@remote.test", List.of(USER), Messages.message("sender@remote.test", USER, subject, "who"));
        }
        Mailboxes.await("the message", () -> Mailboxes.imapSubjects(server, USER, PASSWORD), found -> found.contains(subject));
        String stored = Mailboxes.pop3Messages(server, USER, PASSWORD).stream().filter(text -> text.contains(subject))
            .findFirst().orElseThrow();
        assertThat(stored).contains("Received: from client.example (unknown [127.0.0.1])")
            .contains("by " + server.hostname() + " with ESMTP id ").doesNotContain("JAMES SMTP Server");

        try (LineSession imap = LineSession.connect(server.imapPort())) {
            assertThat(imap.line()).isEqualTo("* OK " + server.hostname() + " IMAP4rev1 ready");
        }
        try (LineSession pop3 = LineSession.connect(server.pop3Port())) {
            assertThat(pop3.line()).startsWith("+OK <").endsWith("@" + server.hostname() + "> " + server.hostname() + " POP3 ready");
            pop3.send("QUIT");
            assertThat(pop3.line()).isEqualTo("+OK Logging out");
        }
        try (LineSession sieve = LineSession.connect(server.port("MANAGESIEVE_PORT"))) {
            List<String> capabilities = sieve.linesUntil(line -> line.startsWith("OK"));
            assertThat(capabilities).contains("\"IMPLEMENTATION\" \"" + server.hostname() + "\"")
                .noneMatch(line -> line.toLowerCase().contains("james") || line.toLowerCase().contains("apache"));
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
