package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Store;

import com.sun.mail.imap.IMAPFolder;
import com.sun.mail.imap.IMAPMessage;

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
    void anInboxDeletedOverWebadminIsCreatedAgainByTheNextDelivery() {
        String carol = "carol@" + DOMAIN;
        server.webAdmin().createUser(carol, PASSWORD);
        String before = Messages.uniqueSubject("before deletion");
        String after = Messages.uniqueSubject("after deletion");
        deliverAndAwait(carol, before);

        assertThat(server.webAdmin().delete("/users/" + carol + "/mailboxes/INBOX").status()).isEqualTo(204);
        deliver(carol, after);

        assertThat(Mailboxes.await("second message in Carol's new INBOX", () -> Mailboxes.imapSubjects(server, carol, PASSWORD),
            subjects -> subjects.contains(after))).containsExactly(after);
    }

    @Test
    void aRenamedInboxKeepsItsMessagesAndTheNextDeliveryGoesToANewInbox() throws Exception {
        String erin = "erin@" + DOMAIN;
        server.webAdmin().createUser(erin, PASSWORD);
        String before = Messages.uniqueSubject("before rename");
        String after = Messages.uniqueSubject("after rename");
        deliverAndAwait(erin, before);

        try (Store store = Mailboxes.imapStore(server, erin, PASSWORD)) {
            assertThat(store.getFolder("INBOX").renameTo(store.getFolder("Earlier"))).isTrue();
        }
        deliver(erin, after);

        assertThat(Mailboxes.await("second message in Erin's new INBOX", () -> Mailboxes.imapSubjects(server, erin, PASSWORD),
            subjects -> subjects.contains(after))).containsExactly(after);
        assertThat(Mailboxes.imapSubjects(server, erin, PASSWORD, "Earlier")).containsExactly(before);
    }

    @Test
    void deliveriesGetAscendingUidsAndEveryChangeAHigherModSequence() throws Exception {
        String dave = "dave@" + DOMAIN;
        server.webAdmin().createUser(dave, PASSWORD);
        String first = Messages.uniqueSubject("first");
        String second = Messages.uniqueSubject("second");
        String third = Messages.uniqueSubject("third");
        deliver(dave, first);
        deliver(dave, second);
        Mailboxes.await("two messages in Dave's INBOX", () -> Mailboxes.imapSubjects(server, dave, PASSWORD),
            subjects -> subjects.size() == 2);

        try (Store store = Mailboxes.imapStore(server, dave, PASSWORD)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            long firstUid = inbox.getUID(inbox.getMessage(1));
            long secondUid = inbox.getUID(inbox.getMessage(2));
            long firstModSeq = ((IMAPMessage) inbox.getMessage(1)).getModSeq();
            long secondModSeq = ((IMAPMessage) inbox.getMessage(2)).getModSeq();

            inbox.getMessage(1).setFlag(Flags.Flag.FLAGGED, true);
            long flaggedModSeq = ((IMAPMessage) inbox.getMessage(1)).getModSeq();
            inbox.close(false);

            deliverAndAwait(dave, third);
            inbox.open(Folder.READ_ONLY);
            long thirdUid = inbox.getUID(inbox.getMessage(3));
            long thirdModSeq = ((IMAPMessage) inbox.getMessage(3)).getModSeq();

            assertThat(inbox.getMessage(3).getSubject()).isEqualTo(third);
            assertThat(List.of(firstUid, secondUid, thirdUid)).isSorted().doesNotHaveDuplicates();
            // opening the INBOX read-write clears \Recent on both messages in one change (one mod-sequence)
            assertThat(secondModSeq).isGreaterThanOrEqualTo(firstModSeq);
            assertThat(flaggedModSeq).isGreaterThan(secondModSeq);
            assertThat(thirdModSeq).isGreaterThan(flaggedModSeq);
        }
    }

    /** Delivers over SMTP and waits for the message in the recipient's INBOX (read over IMAP). */
    private void deliverAndAwait(String recipient, String subject) {
        deliver(recipient, subject);
        Mailboxes.await(subject + " in the INBOX of " + recipient, () -> Mailboxes.imapSubjects(server, recipient, PASSWORD),
            subjects -> subjects.contains(subject));
    }

    private void deliver(String recipient, String subject) {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("sender.outside.example");
            smtp.send("bob@outside.example", List.of(recipient), Messages.message("bob@outside.example", recipient, subject, "Hello"));
        }
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
