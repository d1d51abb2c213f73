package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sieve scripts apply to delivery, and a script activated over webadmin applies to the very next message. */
class SieveDeliveryIT {
    private static final String DOMAIN = "sieve.test";
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String PASSWORD = "carol-password";

    private final PosternProcess server = SharedPostern.server();

    @BeforeAll
    static void createMailbox() {
        WebAdminClient webAdmin = SharedPostern.server().webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createUser(CAROL, PASSWORD);
    }

    @Test
    void aScriptActivatedOverWebadminFilesTheNextMessage() {
        // a first message, delivered while Carol has no script: it lands in INBOX
        String before = Messages.uniqueSubject("before the script");
        send(before);
        Mailboxes.await("first message in INBOX", () -> Mailboxes.imapSubjects(server, CAROL, PASSWORD),
            subjects -> subjects.contains(before));

        WebAdminClient.Reply put = server.webAdmin().putText("/sieve/" + CAROL + "/scripts/filter?activate=true",
            "require \"fileinto\";\r\nfileinto \"Filtered\";\r\n");
        assertThat(put.status()).as(put.body()).isEqualTo(204);

        String after = Messages.uniqueSubject("after the script");
        send(after);
        List<String> filtered = Mailboxes.await("second message filed by the script",
            () -> Mailboxes.imapSubjects(server, CAROL, PASSWORD, "Filtered"), subjects -> subjects.contains(after));
        assertThat(filtered).contains(after);
        assertThat(Mailboxes.imapSubjects(server, CAROL, PASSWORD)).contains(before).doesNotContain(after);
    }

    private void send(String subject) {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("sender.outside.example"), 250);
            smtp.send("dan@outside.example", List.of(CAROL), Messages.message("dan@outside.example", CAROL, subject, "sieve"));
        }
    }
}
