package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Submission on 587 (STARTTLS before AUTH, AUTH before relaying) and on 465 (implicit TLS).
 * Mail relayed to a remote domain is queued for remote delivery, whose MX lookup goes to the DNS server
 * the test runs on a loopback port (DNS_SERVERS host:port).
 */
@ExtendWith(SharedPostern.class)
class SubmissionIT {
    private static final String DOMAIN = "submission.test";
    private static final String USER = "sam@" + DOMAIN;
    private static final String PASSWORD = "sam-password";
    private static final SSLContext TLS = TestTls.trustAll();

    @BeforeAll
    static void createUser() {
        WebAdminClient webAdmin = SharedPostern.server().webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createUser(USER, PASSWORD);
    }

    private final PosternProcess server = SharedPostern.server();

    @Test
    void authBeforeStartTlsIsRefusedAndNotAdvertised() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            SmtpSession.Reply ehlo = smtp.ehlo("laptop.example");

            assertThat(ehlo.lines()).contains("STARTTLS").noneMatch(line -> line.startsWith("AUTH"));
            assertThat(smtp.authPlain(USER, PASSWORD).line())
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
        }
    }

    @Test
    void authAfterStartTlsIsAccepted() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("laptop.example");
            SmtpSession.expect(smtp.startTls(TLS), 220);

            SmtpSession.Reply ehlo = smtp.ehlo("laptop.example");

            assertThat(ehlo.lines()).anyMatch(line -> line.startsWith("AUTH") && line.contains("PLAIN"));
            assertThat(smtp.authPlain(USER, PASSWORD).code()).isEqualTo(235);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("laptop.example");
            smtp.startTls(TLS);
            smtp.ehlo("laptop.example");

            assertThat(smtp.authPlain(USER, "wrong-password").code()).isEqualTo(535);
        }
    }

    @Test
    void unauthenticatedRelayIsRefusedEvenOverTls() {
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("laptop.example");
            smtp.startTls(TLS);
            smtp.ehlo("laptop.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<" + USER + ">"), 250);

            SmtpSession.Reply reply = smtp.command("RCPT TO:<friend@" + SharedPostern.REMOTE_DOMAIN + ">");

            assertThat(reply.line()).isEqualTo("554 5.7.1 <friend@" + SharedPostern.REMOTE_DOMAIN + ">: Relay access denied");
        }
    }

    @Test
    void authenticatedRelayToARemoteDomainIsAcceptedAndQueued() {
        String recipient = "queued-" + System.nanoTime() + "@" + SharedPostern.REMOTE_DOMAIN;
        int mxLookupsBefore = SharedPostern.dns().queryCount(SharedPostern.REMOTE_DOMAIN);
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("laptop.example");
            smtp.startTls(TLS);
            smtp.ehlo("laptop.example");
            SmtpSession.expect(smtp.authPlain(USER, PASSWORD), 235);

            SmtpSession.Reply accepted = smtp.send(USER, List.of(recipient),
                Messages.message(USER, recipient, Messages.uniqueSubject("relay"), "to a remote domain"));

            assertThat(accepted.code()).isEqualTo(250);
        }

        // the remote delivery looks the MX up on the test's DNS server; nothing listens on the MX's port 25,
        // so the message then waits in the persistent outgoing queue for a retry
        Mailboxes.await("MX lookup of the remote domain",
            () -> SharedPostern.dns().queryCount(SharedPostern.REMOTE_DOMAIN), count -> count > mxLookupsBefore);
        String queue = Mailboxes.await("message waiting in the outgoing queue",
            () -> server.webAdmin().get("/mailQueues/outgoing/mails").body(), body -> body.contains(recipient));
        assertThat(queue).contains(recipient);
    }

    @Test
    void smtpsOnImplicitTlsAuthenticatesAndRelays() {
        String recipient = "smtps-" + System.nanoTime() + "@" + SharedPostern.REMOTE_DOMAIN;
        try (SmtpSession smtp = SmtpSession.connectImplicitTls(server.smtpsPort(), TLS)) {
            assertThat(smtp.greeting().code()).isEqualTo(220);
            SmtpSession.Reply ehlo = smtp.ehlo("laptop.example");
            assertThat(ehlo.lines()).anyMatch(line -> line.startsWith("AUTH"));
            SmtpSession.expect(smtp.authPlain(USER, PASSWORD), 235);

            assertThat(smtp.send(USER, List.of(recipient), Messages.message(USER, recipient, "smtps", "over implicit TLS")).code())
                .isEqualTo(250);
        }
    }

    @Test
    void smtpsRefusesRelayWithoutAuth() {
        try (SmtpSession smtp = SmtpSession.connectImplicitTls(server.smtpsPort(), TLS)) {
            smtp.ehlo("laptop.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<" + USER + ">"), 250);

            assertThat(smtp.command("RCPT TO:<friend@" + SharedPostern.REMOTE_DOMAIN + ">").line())
                .isEqualTo("554 5.7.1 <friend@" + SharedPostern.REMOTE_DOMAIN + ">: Relay access denied");
        }
    }
}
