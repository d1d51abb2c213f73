package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sieve scripts apply to delivery, and a script activated over webadmin applies to the very next message. */
@ExtendWith(SharedPostern.class)
class SieveDeliveryIT {
    private static final String DOMAIN = "sieve.test";
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String PASSWORD = "carol-password";
    private static final String EVE = "eve@" + DOMAIN;
    private static final String FRANK = "frank@" + DOMAIN;

    private final PosternProcess server = SharedPostern.server();

    @BeforeAll
    static void createMailbox() {
        WebAdminClient webAdmin = SharedPostern.server().webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createUser(CAROL, PASSWORD);
        webAdmin.createUser(EVE, PASSWORD);
        webAdmin.createUser(FRANK, PASSWORD);
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

    @Test
    void aScriptThatRedirectsToItsOwnAddressDoesNotPassMailRoundForEver() {
        WebAdminClient.Reply put = server.webAdmin().putText("/sieve/" + EVE + "/scripts/loop?activate=true",
            "redirect \"" + EVE + "\";\r\n");
        assertThat(put.status()).as(put.body()).isEqualTo(204);

        String subject = Messages.uniqueSubject("round and round");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("sender.outside.example"), 250);
            smtp.send(FRANK, List.of(EVE), Messages.message(FRANK, EVE, subject, "sieve loop"));
        }

        // the loop is stopped and the sender told, without any internals
        List<String> notices = Mailboxes.await("the loop notice to the sender", () -> Mailboxes.pop3Messages(server, FRANK, PASSWORD),
            messages -> messages.stream().anyMatch(text -> text.contains(subject)));
        assertThat(notices).filteredOn(text -> text.contains(subject)).singleElement().satisfies(text ->
            assertThat(text).contains("5.4.6 Mail forwarding loop (Sieve redirects)").doesNotContain("Exception"));
        assertThat(Mailboxes.imapSubjects(server, EVE, PASSWORD)).doesNotContain(subject);
        Mailboxes.await("the spool empty again", () -> server.webAdmin().get("/mailQueues/spool").body(),
            body -> body.contains("\"size\":0"));
    }

    private void send(String subject) {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("sender.outside.example"), 250);
            smtp.send("dan@outside.example", List.of(CAROL), Messages.message("dan@outside.example", CAROL, subject, "sieve"));
        }
    }
}
