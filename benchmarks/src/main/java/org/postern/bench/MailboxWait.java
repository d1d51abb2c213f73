package org.postern.bench;

import java.io.IOException;
import java.util.Locale;

/**
 * Waits until at least N messages have been delivered to one user's INBOX, asked over one IMAP connection
 * every 100 ms, and prints the count: the end of an end-to-end run driven by another generator
 * ({@code smtp-source}). With N = 0 it prints the current count at once. The count is {@code UIDNEXT - 1}
 * ({@code STATUS INBOX (UIDNEXT)}): every message delivered, for a mailbox nothing is deleted from; the
 * server answers it from a counter, where {@code MESSAGES} would make James on JPA count the mailbox at
 * each poll, a cost that grows with the mailbox and would be charged to the run.
 *
 * <pre>java -cp postern-bench.jar org.postern.bench.MailboxWait host:port tls|plain user password N timeout-seconds</pre>
 *
 * Exit status: 0 reached, 1 not reached before the timeout, 2 bad command line.
 */
public final class MailboxWait {
    private static final long POLL_MILLIS = 100;

    private MailboxWait() {
    }

    public static void main(String[] args) {
        if (args.length != 6 || !(args[1].equals("tls") || args[1].equals("plain"))) {
            System.err.println("usage: MailboxWait host:port tls|plain user password expected-count timeout-seconds");
            System.exit(2);
        }
        LoadOptions.HostPort server;
        int expected;
        long timeoutSeconds;
        try {
            server = LoadOptions.HostPort.parse("IMAP server", args[0]);
            expected = Integer.parseInt(args[4]);
            timeoutSeconds = Long.parseLong(args[5]);
        } catch (LoadOptions.UsageException | NumberFormatException e) {
            System.err.println("MailboxWait: " + e.getMessage());
            System.exit(2);
            return;
        }
        ImapStatusClient imap = new ImapStatusClient(server.host, server.port, args[1].equals("tls"), 30_000);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        int count = -1;
        String lastError = null;
        ImapStatusClient.Session session = null;
        while (true) {
            try {
                if (session == null) {
                    session = imap.login(args[2], args[3]);
                }
                count = session.inboxNextUid() - 1;
                lastError = null;
            } catch (IOException e) {
                lastError = e.getMessage();
                if (session != null) {
                    session.close();
                    session = null;
                }
            }
            if (count >= expected || System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (session != null) {
            session.close();
        }
        System.out.printf(Locale.ROOT, "messages %d%n", count);
        if (lastError != null) {
            System.err.println("MailboxWait: last IMAP error: " + lastError);
        }
        System.exit(count >= expected ? 0 : 1);
    }
}
