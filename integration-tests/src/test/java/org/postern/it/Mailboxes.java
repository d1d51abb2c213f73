package org.postern.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** Reads mailboxes back as a user would: IMAPS with Jakarta Mail, POP3S with Commons Net. */
final class Mailboxes {
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    private Mailboxes() {
    }

    /** Subjects of the messages in INBOX, over IMAPS. */
    static List<String> imapSubjects(PosternProcess server, String user, String password) {
        return imapSubjects(server, user, password, "INBOX");
    }

    /** Subjects of the messages in a folder (none when it does not exist), over IMAPS. */
    static List<String> imapSubjects(PosternProcess server, String user, String password, String folder) {
        try (Store store = imapStore(server, user, password)) {
            Folder inbox = store.getFolder(folder);
            if (!inbox.exists()) {
                return List.of();
            }
            inbox.open(Folder.READ_ONLY);
            try {
                List<String> subjects = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    subjects.add(message.getSubject());
                }
                return subjects;
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException e) {
            throw new AssertionError("IMAPS as " + user + ": " + e, e);
        }
    }

    /** The full texts (headers and body) of the messages in INBOX, over IMAPS. */
    static List<String> imapMessages(PosternProcess server, String user, String password) {
        try (Store store = imapStore(server, user, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<String> texts = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    message.writeTo(out);
                    texts.add(out.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
                return texts;
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException | IOException e) {
            throw new AssertionError("IMAPS as " + user + ": " + e, e);
        }
    }

    /** The message of INBOX with this subject, in full; fails the test when there is none after the delivery timeout. */
    static String awaitMessage(PosternProcess server, String user, String password, String subject) {
        List<String> texts = await("a message \"" + subject + "\" in " + user + "'s INBOX",
            () -> imapMessages(server, user, password), found -> found.stream().anyMatch(text -> text.contains("Subject: " + subject)));
        return texts.stream().filter(text -> text.contains("Subject: " + subject)).findFirst().orElseThrow();
    }

    /** A logged-in IMAPS connection; the tests trust the server's self-signed certificate. */
    static Store imapStore(PosternProcess server, String user, String password) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.trust", "*");
        properties.put("mail.imaps.ssl.checkserveridentity", "false");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "30000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("127.0.0.1", server.imapsPort(), user, password);
        return store;
    }

    /** Full texts of the messages of the maildrop, over POP3S (implicit TLS). */
    static List<String> pop3Messages(PosternProcess server, String user, String password) {
        POP3SClient client = new POP3SClient(true, TestTls.trustAll());
        client.setDefaultTimeout(30_000);
        client.setConnectTimeout(10_000);
        try {
            client.connect("127.0.0.1", server.pop3sPort());
            if (!client.login(user, password)) {
                throw new AssertionError("POP3S login refused for " + user + ": " + client.getReplyString());
            }
            List<String> messages = new ArrayList<>();
            POP3MessageInfo[] infos = client.listMessages();
            for (POP3MessageInfo info : infos) {
                try (Reader reader = client.retrieveMessage(info.number)) {
                    messages.add(readAll(reader));
                }
            }
            client.logout();
            return messages;
        } catch (IOException e) {
            throw new AssertionError("POP3S as " + user + ": " + e, e);
        } finally {
            try {
                client.disconnect();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(reader)) {
            String line;
            while ((line = lines.readLine()) != null) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * Polls until the condition holds (mail is delivered after the 250, asynchronously). A probe that fails
     * while delivery is under way (an IMAP session racing with an append) is retried until the deadline.
     */
    static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(DELIVERY_TIMEOUT);
        String lastSeen = "nothing yet";
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                lastSeen = String.valueOf(value);
            } catch (AssertionError e) {
                lastSeen = e.getMessage();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not reached after " + DELIVERY_TIMEOUT + "; last seen " + lastSeen);
            }
            PosternProcess.sleep(Duration.ofMillis(250));
        }
    }
}
