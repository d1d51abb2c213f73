package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message actions of access maps (HOLD, REDIRECT, BCC, PREPEND), decided at the SMTP door and carried out by
 * the pipeline, on a server whose recipient list consults db:actions.
 */
class PolicyActionsIT {
    private static final String DOMAIN = "actions.test";
    private static final String PASSWORD = "actions-password";
    private static final String SENDER = "someone@remote.test";
    private static final Pattern HELD_KEY = Pattern.compile("\"key\":\"([^\"]+)\"");

    private static PosternProcess server;

    @BeforeAll
    static void start() {
        server = PosternProcess.builder()
            .editConf("policy.cf", text -> text.replace("smtpd_recipient_restrictions = reject_non_fqdn_recipient",
                "smtpd_recipient_restrictions = reject_non_fqdn_recipient, check_recipient_access db:actions\n"
                    + "smtpd_sender_restrictions = check_sender_access db:sender_actions"))
            .build().start();
        WebAdminClient webAdmin = server.webAdmin();
        webAdmin.createDomain(DOMAIN);
        for (String user : List.of("held", "redirected", "trap", "copied", "archive", "tagged")) {
            webAdmin.createUser(user + "@" + DOMAIN, PASSWORD);
        }
        action("held@" + DOMAIN, "HOLD suspicious");
        action("redirected@" + DOMAIN, "REDIRECT trap@" + DOMAIN);
        action("copied@" + DOMAIN, "BCC archive@" + DOMAIN);
        action("tagged@" + DOMAIN, "PREPEND X-Postern-Test: tagged at the door");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void action(String key, String value) {
        WebAdminClient.Reply reply = server.webAdmin().putJson("/policy/tables/actions/entries/" + key, "{\"value\":\"" + value + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    }

    private static void send(String recipient, String subject) {
        send(SENDER, recipient, subject);
    }

    private static void send(String sender, String recipient, String subject) {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("mail.remote.test");
            assertThat(smtp.send(sender, List.of(recipient), Messages.message(sender, recipient, subject, "body")).code()).isEqualTo(250);
        }
    }

    /** The key of the held mail with this subject, once it is listed. */
    private static String heldKey(String subject) {
        String listed = Mailboxes.await("the held mail listed", () -> server.webAdmin().get("/policy/hold").body(),
            body -> body.contains(subject));
        String entry = listed.substring(listed.lastIndexOf("{\"key\"", listed.indexOf(subject)));
        Matcher key = HELD_KEY.matcher(entry);
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private static List<String> subjects(String user) {
        return Mailboxes.imapSubjects(server, user + "@" + DOMAIN, PASSWORD);
    }

    @Test
    void heldMailStaysInTheHoldAreaUntilReleasedOverWebadmin() {
        String subject = Messages.uniqueSubject("held");
        send("held@" + DOMAIN, subject);

        String key = heldKey(subject);
        String listed = server.webAdmin().get("/policy/hold").body();
        assertThat(listed).contains("\"total\":").contains("\"sender\":\"" + SENDER + "\"")
            .contains("\"reasons\":[\"check_recipient_access db:actions (suspicious)\"]");
        assertThat(subjects("held")).doesNotContain(subject);

        assertThat(server.webAdmin().postText("/policy/hold/" + key + "/release", "").status()).isEqualTo(204);

        Mailboxes.await("the released mail delivered", () -> subjects("held"), found -> found.contains(subject));
        assertThat(server.webAdmin().get("/policy/hold").body()).doesNotContain(key);
        assertThat(server.webAdmin().postText("/policy/hold/" + key + "/release", "").status()).isEqualTo(404);
    }

    @Test
    void heldMailKeepsItsOtherActionsAcrossARestartAndGetsThemWhenReleased() {
        WebAdminClient.Reply tagging = server.webAdmin().putJson("/policy/tables/sender_actions/entries/tagger@remote.test",
            "{\"value\":\"PREPEND X-Tagged-By-Sender: yes\"}");
        assertThat(tagging.status()).as(tagging.body()).isEqualTo(204);
        String subject = Messages.uniqueSubject("held and tagged");
        send("tagger@remote.test", "held@" + DOMAIN, subject);
        String key = heldKey(subject);

        server.restart();
        assertThat(server.webAdmin().get("/policy/hold").body()).contains(key);
        assertThat(server.webAdmin().postText("/policy/hold/" + key + "/release", "").status()).isEqualTo(204);

        assertThat(Mailboxes.awaitMessage(server, "held@" + DOMAIN, PASSWORD, subject)).contains("X-Tagged-By-Sender: yes");
    }

    @Test
    void heldMailCanBeDeleted() {
        String subject = Messages.uniqueSubject("held then deleted");
        send("held@" + DOMAIN, subject);
        String key = heldKey(subject);

        assertThat(server.webAdmin().delete("/policy/hold/" + key).status()).isEqualTo(204);

        assertThat(server.webAdmin().get("/policy/hold").body()).doesNotContain(key);
        assertThat(server.webAdmin().delete("/policy/hold/" + key).status()).isEqualTo(404);
    }

    @Test
    void redirectSendsTheMessageElsewhere() {
        String subject = Messages.uniqueSubject("redirected");
        send("redirected@" + DOMAIN, subject);

        Mailboxes.await("the redirected mail at the trap", () -> subjects("trap"), found -> found.contains(subject));
        assertThat(subjects("redirected")).doesNotContain(subject);
    }

    @Test
    void bccSendsACopyAndDeliversTheOriginal() {
        String subject = Messages.uniqueSubject("copied");
        send("copied@" + DOMAIN, subject);

        Mailboxes.await("the original", () -> subjects("copied"), found -> found.contains(subject));
        Mailboxes.await("the copy", () -> subjects("archive"), found -> found.contains(subject));
    }

    @Test
    void prependAddsItsHeaderAtTheTop() {
        String subject = Messages.uniqueSubject("tagged");
        send("tagged@" + DOMAIN, subject);

        String delivered = Mailboxes.awaitMessage(server, "tagged@" + DOMAIN, PASSWORD, subject);
        assertThat(delivered).contains("X-Postern-Test: tagged at the door");
        assertThat(delivered.indexOf("X-Postern-Test:")).isLessThan(delivered.indexOf("Received:"));
    }

    @Test
    void filterIsRefusedRatherThanIgnored() {
        WebAdminClient.Reply reply = server.webAdmin().putJson("/policy/tables/actions/entries/filtered@" + DOMAIN,
            "{\"value\":\"FILTER smtp:[127.0.0.1]:10025\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("FILTER is not supported by this server yet");
    }
}
