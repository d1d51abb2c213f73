package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

/**
 * What must survive a stop and restart, whatever the database: a domain, a user and its password, an alias,
 * a mailbox the user created, delivered messages (one sent to the alias), and the user's mailbox usage
 * (webadmin's quota figures, counted in memory and written to the database in the background).
 */
final class PersistenceScenario {
    static final String DOMAIN = "persist.test";
    static final String USER = "paula@" + DOMAIN;
    static final String ALIAS = "sales@" + DOMAIN;
    static final String PASSWORD = "paula-password";
    static final String FOLDER = "Projects";

    private final String directSubject = Messages.uniqueSubject("direct");
    private final String aliasSubject = Messages.uniqueSubject("via alias");

    void populate(PosternProcess server) {
        WebAdminClient webAdmin = server.webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createUser(USER, PASSWORD);
        webAdmin.createAlias(ALIAS, USER);
        createFolder(server);

        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("sender.outside.example");
            smtp.send("bob@outside.example", List.of(USER), Messages.message("bob@outside.example", USER, directSubject, "direct"));
            smtp.send("bob@outside.example", List.of(ALIAS), Messages.message("bob@outside.example", ALIAS, aliasSubject, "alias"));
        }
        Mailboxes.await("both messages delivered", () -> Mailboxes.imapSubjects(server, USER, PASSWORD),
            subjects -> subjects.containsAll(List.of(directSubject, aliasSubject)));
        Mailboxes.await("both messages counted in the user's usage", () -> webAdmin.usedMessages(USER), used -> used == 2);
    }

    void verify(PosternProcess server) {
        WebAdminClient webAdmin = server.webAdmin();
        assertThat(webAdmin.get("/domains").body()).contains("\"" + DOMAIN + "\"");
        assertThat(webAdmin.get("/users").body()).contains("\"" + USER + "\"");
        assertThat(webAdmin.get("/address/aliases/" + USER).body()).contains(ALIAS);
        assertThat(webAdmin.get("/users/" + USER + "/mailboxes").body()).contains(FOLDER);
        // logging in proves the password survived too
        assertThat(Mailboxes.imapSubjects(server, USER, PASSWORD)).contains(directSubject, aliasSubject);
        assertThat(folders(server)).contains(FOLDER);
        assertThat(webAdmin.usedMessages(USER)).isEqualTo(2);
    }

    private static void createFolder(PosternProcess server) {
        try (Store store = imapStore(server)) {
            Folder folder = store.getFolder(FOLDER);
            if (!folder.create(Folder.HOLDS_MESSAGES)) {
                throw new AssertionError("IMAP CREATE " + FOLDER + " refused");
            }
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> folders(PosternProcess server) {
        try (Store store = imapStore(server)) {
            List<String> names = new ArrayList<>();
            for (Folder folder : store.getDefaultFolder().list("*")) {
                names.add(folder.getFullName());
            }
            return names;
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static Store imapStore(PosternProcess server) throws MessagingException {
        return Mailboxes.imapStore(server, USER, PASSWORD);
    }
}
