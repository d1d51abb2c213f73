package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

/**
 * The server killed with SIGKILL while it delivers a burst into a mailbox, then restarted: every message it
 * accepted is in the mailbox afterwards, once. A message whose append committed just before the kill, but whose
 * queue acknowledgement did not, comes out of the queue again after the restart; its delivery finds the copy
 * already there and is not repeated. The mailbox usage webadmin reports may miss the deliveries of the last
 * quarter-second before the kill (it is written to the database in the background), and
 * recomputing it over webadmin makes it match the mailbox again.
 */
class DeliveryCrashIT {
    private static final String DOMAIN = "burst.test";
    private static final String USER = "bea@" + DOMAIN;
    private static final String PASSWORD = "bea-password";
    private static final String SENDER = "someone@remote.test";
    private static final int SESSIONS = 4;
    private static final int PER_SESSION = 250;
    private static final int TOTAL = SESSIONS * PER_SESSION;

    @Test
    void aBurstInterruptedBySigkillIsDeliveredInFullAfterTheRestart() throws Exception {
        try (PosternProcess server = PosternProcess.builder().build().start()) {
            server.webAdmin().createDomain(DOMAIN);
            server.webAdmin().createUser(USER, PASSWORD);
            String run = Messages.uniqueSubject("burst");

            sendBurst(server, run);
            int deliveredAtKill = Mailboxes.await("delivery under way", () -> inboxCount(server), count -> count >= 50);
            server.kill();

            assertThat(deliveredAtKill).as("the kill came while the burst was being delivered").isLessThan(TOTAL);
            server.start();
            assertThat(server.currentRunLog()).contains("The previous run did not stop cleanly");
            Mailboxes.await("every accepted message delivered after the restart", () -> subjects(server, run),
                subjects -> new TreeSet<>(subjects).size() == TOTAL);

            List<String> subjects = subjects(server, run);
            Set<String> expected = new TreeSet<>(IntStream.range(0, TOTAL).mapToObj(i -> run + " #" + i).toList());
            assertThat(new TreeSet<>(subjects)).isEqualTo(expected);
            assertThat(subjects).as("no message delivered twice").hasSize(TOTAL);
            long usedAfterRestart = server.webAdmin().usedMessages(USER);
            long skipped = server.currentRunLog().lines().filter(line -> line.contains("already delivered before the crash")).count();
            System.out.printf("DeliveryCrashIT: %d delivered before the kill, %d of %d delivered twice, %d skipped as"
                + " delivered before the kill, usage %d of %d%n",
                deliveredAtKill, subjects.size() - TOTAL, TOTAL, skipped, usedAfterRestart, subjects.size());

            recomputeUsage(server);
            assertThat(server.webAdmin().usedMessages(USER)).isEqualTo(inboxCount(server));
        }
    }

    /** POST /quota/users?task=RecomputeCurrentQuotas, and wait for the task to complete. */
    private static void recomputeUsage(PosternProcess server) throws Exception {
        WebAdminClient.Reply submitted = server.webAdmin().send("POST", "/quota/users?task=RecomputeCurrentQuotas", null, new byte[0]);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String task = new ObjectMapper().readTree(submitted.body()).path("taskId").asText();
        Mailboxes.await("the usage recomputed", () -> server.webAdmin().get("/tasks/" + task).body(),
            body -> body.contains("\"status\":\"completed\""));
    }


    /** All messages accepted (250) over parallel sessions, as fast as the server takes them. */
    private static void sendBurst(PosternProcess server, String run) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(SESSIONS);
        try {
            List<Future<?>> sessions = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                int first = s * PER_SESSION;
                sessions.add(executor.submit(() -> {
                    try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
                        smtp.ehlo("mail.remote.test");
                        for (int i = first; i < first + PER_SESSION; i++) {
                            String message = Messages.message(SENDER, USER, run + " #" + i, "message " + i);
                            assertThat(smtp.send(SENDER, List.of(USER), message).code()).isEqualTo(250);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> session : sessions) {
                session.get(120, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static int inboxCount(PosternProcess server) {
        try (Store store = Mailboxes.imapStore(server, USER, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            return inbox.getMessageCount();
        } catch (MessagingException e) {
            throw new AssertionError("IMAPS as " + USER + ": " + e, e);
        }
    }

    private static List<String> subjects(PosternProcess server, String run) {
        return Mailboxes.imapSubjects(server, USER, PASSWORD).stream().filter(subject -> subject.startsWith(run)).toList();
    }
}
