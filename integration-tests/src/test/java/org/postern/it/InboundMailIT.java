package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mail from an outside sender on port 25 to a local user, read back over IMAP and POP3; and what port 25
 * refuses at RCPT (unknown local users, relaying, a postmaster nobody reads).
 */
@ExtendWith(SharedPostern.class)
class InboundMailIT {
    private static final String DOMAIN = "inbound.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String PASSWORD = "alice-password";

    @BeforeAll
    static void createMailbox() {
        WebAdminClient webAdmin = SharedPostern.server().webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createUser(ALICE, PASSWORD);
    }

    private final PosternProcess server = SharedPostern.server();

    @Test
    void mailFromOutsideIsDeliveredAndReadBackOverImapAndPop3() {
        String subject = Messages.uniqueSubject("inbound");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            assertThat(smtp.greeting().line()).isEqualTo("220 " + server.hostname() + " ESMTP");
            SmtpSession.expect(smtp.ehlo("sender.outside.example"), 250);
            smtp.send("bob@outside.example", List.of(ALICE), Messages.message("bob@outside.example", ALICE, subject, "Hello Alice"));
        }

        List<String> imapSubjects = Mailboxes.await("message in Alice's INBOX over IMAP",
            () -> Mailboxes.imapSubjects(server, ALICE, PASSWORD), subjects -> subjects.contains(subject));
        List<String> pop3Messages = Mailboxes.pop3Messages(server, ALICE, PASSWORD);

        assertThat(imapSubjects).contains(subject);
        assertThat(pop3Messages).anySatisfy(text -> assertThat(text).contains("Subject: " + subject).contains("Hello Alice"));
    }

    @Test
    void anUnknownLocalRecipientIsRejectedAtRcptWith550() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("sender.outside.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<bob@outside.example>"), 250);

            SmtpSession.Reply reply = smtp.command("RCPT TO:<nobody@" + DOMAIN + ">");

            assertThat(reply.line()).isEqualTo("550 5.1.1 <nobody@" + DOMAIN + ">: Recipient address rejected: User unknown in virtual mailbox table");
        }
    }

    @Test
    void relayingThroughPort25IsDeniedAsPostfixDoes() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("sender.outside.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<bob@outside.example>"), 250);

            SmtpSession.Reply reply = smtp.command("RCPT TO:<someone@elsewhere.example>");

            assertThat(reply.line()).isEqualTo("554 5.7.1 <someone@elsewhere.example>: Relay access denied");
        }
    }

    @Test
    void postmasterOfAHostedDomainIsAcceptedOnceItLeadsToAMailbox() {
        String postmaster = "postmaster@" + DOMAIN;
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("sender.outside.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<bob@outside.example>"), 250);
            // neither a user nor an alias, and the server's own postmaster is nobody either: it would bounce
            assertThat(smtp.command("RCPT TO:<" + postmaster + ">").line())
                .isEqualTo("550 5.1.1 <" + postmaster + ">: Recipient address rejected: User unknown in virtual mailbox table");
        }
        server.webAdmin().createAlias(postmaster, ALICE);
        String subject = Messages.uniqueSubject("to postmaster");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("sender.outside.example");
            smtp.send("bob@outside.example", List.of(postmaster), Messages.message("bob@outside.example", postmaster, subject, "hi"));
        }
        assertThat(Mailboxes.await("the postmaster's message in Alice's INBOX", () -> Mailboxes.imapSubjects(server, ALICE, PASSWORD),
            subjects -> subjects.contains(subject))).contains(subject);
    }

    @Test
    void port25OffersStartTlsButNoAuth() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.Reply ehlo = smtp.ehlo("sender.outside.example");

            assertThat(ehlo.lines()).contains("STARTTLS").noneMatch(line -> line.startsWith("AUTH"));
            assertThat(smtp.authPlain(ALICE, PASSWORD).line()).isEqualTo("503 5.5.1 Error: authentication not enabled");
        }
    }

    @Test
    void imapRefusesAClearTextLoginBeforeStartTls() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.imapPort())) {
            socket.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");

            out.write(("a1 LOGIN " + ALICE + " " + PASSWORD + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();

            assertThat(in.readLine()).startsWith("a1 NO");
        }
    }

    @Test
    void pop3RefusesAClearTextLoginBeforeStls() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.pop3Port())) {
            socket.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");

            out.write(("USER " + ALICE + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();

            assertThat(in.readLine()).startsWith("-ERR [AUTH] Plaintext authentication disallowed");
        }
    }
}
