package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code smtpd_forbid_bare_newline = reject} (here on the submission port; port 25 keeps the default
 * normalize): a command or message line ending in a bare LF, or a bare CR in a message, is refused with
 * Postfix's reply and the connection closed; nothing of that message is delivered.
 */
class BareNewlineRejectIT {
    private static final String USER = "rita@bare.test";
    private static final String PASSWORD = "rita-password";

    private static PosternProcess server;

    @BeforeAll
    static void start() {
        server = PosternProcess.builder()
            .editConf("policy.cf", text -> text.replace("[submission]\n", "[submission]\nsmtpd_forbid_bare_newline = reject\n"))
            .build().start();
        server.webAdmin().createDomain("bare.test");
        server.webAdmin().createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server);
    }

    @Test
    void aCommandEndingInABareLineFeedIsRefusedAndTheConnectionClosed() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.writeRaw("EHLO client.example\n");
            assertThat(smtp.reply().line()).isEqualTo("550 5.5.2 Error: bare <LF> received");
            assertThat(smtp.closedByServer()).isTrue();
        }
    }

    @Test
    void aMessageWithABareLineFeedOrCarriageReturnIsRefusedAndNotDelivered() {
        String withLf = Messages.uniqueSubject("bare LF");
        String withCr = Messages.uniqueSubject("bare CR");
        for (String[] message : List.of(new String[] {withLf, "one\ntwo", "550 5.5.2 Error: bare <LF> received"},
            new String[] {withCr, "one\rtwo", "550 5.5.2 Error: bare <CR> received"})) {
            try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
                smtp.ehlo("client.example");
                SmtpSession.expect(smtp.command("MAIL FROM:<sender@remote.test>"), 250);
                SmtpSession.expect(smtp.command("RCPT TO:<" + USER + ">"), 250);
                SmtpSession.expect(smtp.command("DATA"), 354);
                smtp.writeRaw("Subject: " + message[0] + "\r\n\r\n" + message[1] + "\r\n.\r\n");
                assertThat(smtp.reply().line()).isEqualTo(message[2]);
                assertThat(smtp.closedByServer()).isTrue();
            }
        }
        String control = Messages.uniqueSubject("after the refused ones");
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("client.example");
            smtp.send("sender@remote.test", List.of(USER), Messages.message("sender@remote.test", USER, control, "clean"));
        }
        List<String> subjects = Mailboxes.await("the clean message", () -> Mailboxes.imapSubjects(server, USER, PASSWORD),
            found -> found.contains(control));
        assertThat(subjects).doesNotContain(withLf, withCr);
    }
}
