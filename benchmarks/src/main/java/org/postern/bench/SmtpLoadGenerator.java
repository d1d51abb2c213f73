package org.postern.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * SMTP load generator: sends N messages of about S bytes over C SMTP connections that stay open
 * (EHLO once, then MAIL FROM / RCPT TO / DATA transactions), one thread per connection, and prints
 * throughput, latency percentiles and, with {@code --imap}, whether everything reached the INBOXes.
 *
 * <p>Plain JDK only, so {@code java -jar postern-bench.jar} runs without a classpath. See {@link LoadOptions#USAGE}.
 */
public final class SmtpLoadGenerator {

    private static final int MAX_RECORDED_FAILURES = 5;
    private static final long POLL_INTERVAL_MILLIS = 200;

    private final LoadOptions options;
    private final PrintStream out;

    SmtpLoadGenerator(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(runMain(args, System.out, System.err));
    }

    /** Everything main does except exiting: returns the exit status. */
    static int runMain(String[] args, PrintStream out, PrintStream err) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (LoadOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(LoadOptions.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(LoadOptions.USAGE);
            return 0;
        }
        LoadReport report = new SmtpLoadGenerator(options, out).run();
        report.print(out);
        out.flush();
        return report.exitCode();
    }

    LoadReport run() {
        final LoadOptions o = options;
        final String runId = Long.toString(System.currentTimeMillis(), 36) + "-"
            + Integer.toHexString(new SecureRandom().nextInt(0x1000000) | 0x1000000).substring(1);
        final LoadReport report = new LoadReport(o, runId);
        final List<String> recipients = o.to;
        final int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, o.ioTimeoutSeconds * 1000L);

        out.println("postern-bench SMTP load generator, run " + runId);
        out.println("  " + o);

        // 1. INBOX counts before the run
        ImapStatusClient imap = null;
        int[] initialCounts = new int[recipients.size()];
        int[] initialNextUids = new int[recipients.size()];
        if (o.verify()) {
            imap = new ImapStatusClient(o.imapHost, o.imapPort, o.imapTls, timeoutMillis);
            for (int r = 0; r < recipients.size(); r++) {
                try (ImapStatusClient.Session session = imap.login(recipients.get(r), o.password)) {
                    initialCounts[r] = session.inboxCount();
                    initialNextUids[r] = session.inboxNextUid();
                } catch (IOException e) {
                    report.verificationError = "cannot read the INBOX count of " + recipients.get(r)
                        + " before the run: " + e.getMessage();
                    out.println("  warning: " + report.verificationError + " (sending anyway)");
                    imap = null;
                    break;
                }
            }
            if (imap != null) {
                out.println("  INBOX counts before the run: " + Arrays.toString(initialCounts));
            }
        }

        // 2. traffic
        final MessageFactory factory = new MessageFactory(o.size, o.from, runId);
        final AtomicInteger warmupNext = new AtomicInteger();
        final AtomicInteger measureNext = new AtomicInteger();
        final AtomicInteger warmupAccepted = new AtomicInteger();
        final AtomicInteger measuredAccepted = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger connectionsOpened = new AtomicInteger();
        final ConcurrentLinkedQueue<String> firstFailures = new ConcurrentLinkedQueue<>();
        final AtomicIntegerArray acceptedPerRecipient = new AtomicIntegerArray(recipients.size());
        final long[] latencies = new long[o.messages];
        Arrays.fill(latencies, -1);
        final AtomicLong lastAccept = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong measureStart = new AtomicLong();
        final AtomicLong measureEnd = new AtomicLong(Long.MIN_VALUE);
        final LongAdder bytesBuilt = new LongAdder();
        final LongAdder messagesBuilt = new LongAdder();
        final Phaser warmupDone = new Phaser(o.connections) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                measureStart.set(System.nanoTime());
                return false;
            }
        };

        final class Worker implements Runnable {
            private SmtpClient connection;

            @Override
            public void run() {
                try {
                    if (!o.connectionPerMessage) {
                        try {
                            connect(); // before any timing; a failure here is retried (and counted) per message
                        } catch (IOException | RuntimeException ignored) {
                            closeConnection();
                        }
                    }
                    int i;
                    while ((i = warmupNext.getAndIncrement()) < o.warmup) {
                        sendOne(i, -1);
                    }
                } finally {
                    warmupDone.arriveAndAwaitAdvance();
                }
                try {
                    int i;
                    while ((i = measureNext.getAndIncrement()) < o.messages) {
                        sendOne(o.warmup + i, i);
                    }
                } finally {
                    measureEnd.accumulateAndGet(System.nanoTime(), Math::max);
                    if (connection != null) {
                        connection.quit();
                    }
                    closeConnection();
                }
            }

            private void connect() throws IOException {
                SmtpClient c = new SmtpClient(o.smtpHost, o.smtpPort, timeoutMillis);
                connectionsOpened.incrementAndGet();
                try {
                    c.ehlo(o.helo);
                } catch (IOException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                connection = c;
            }

            private void closeConnection() {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }

            /** @param measuredIndex index into latencies, -1 for a warmup message */
            private void sendOne(int seq, int measuredIndex) {
                int r = seq % recipients.size();
                String rcpt = recipients.get(r);
                try {
                    byte[] message = factory.build(seq, rcpt, measuredIndex < 0 ? "warmup" : "measure");
                    bytesBuilt.add(message.length);
                    messagesBuilt.increment();
                    // a kept connection is opened before timing; a new one per message is part of the latency
                    long start = System.nanoTime();
                    if (connection == null) {
                        connect();
                        if (!o.connectionPerMessage) {
                            start = System.nanoTime();
                        }
                    }
                    SmtpClient.Refusal refusal = connection.send(o.from, rcpt, message);
                    long end = System.nanoTime();
                    if (o.connectionPerMessage) {
                        connection.quit();
                        closeConnection();
                    }
                    if (refusal == null) {
                        acceptedPerRecipient.incrementAndGet(r);
                        lastAccept.accumulateAndGet(end, Math::max);
                        if (measuredIndex < 0) {
                            warmupAccepted.incrementAndGet();
                        } else {
                            measuredAccepted.incrementAndGet();
                            latencies[measuredIndex] = end - start;
                        }
                    } else {
                        failed(seq, rcpt, refusal.toString());
                        if (refusal.closesConnection()) {
                            closeConnection();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    failed(seq, rcpt, e.getClass().getSimpleName() + ": " + e.getMessage());
                    closeConnection();
                }
            }

            private void failed(int seq, String rcpt, String what) {
                if (failures.incrementAndGet() <= MAX_RECORDED_FAILURES) {
                    firstFailures.add("message " + seq + " to " + rcpt + ": " + what);
                }
            }
        }

        out.printf(Locale.ROOT, "  sending %d warmup + %d measured messages over %d %s...%n",
            o.warmup, o.messages, o.connections, o.connectionPerMessage ? "session(s), a new connection per message"
                : "connection(s)");
        out.flush();
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread t = new Thread(task, "smtp-connection-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(o.connections, threads);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < o.connections; c++) {
            running.add(pool.submit(new Worker()));
        }
        pool.shutdown();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failures.incrementAndGet();
                firstFailures.add("worker crashed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                break;
            }
        }

        report.warmupAccepted = warmupAccepted.get();
        report.measuredAccepted = measuredAccepted.get();
        report.failures = failures.get();
        report.firstFailures.addAll(firstFailures);
        report.connectionsOpened = connectionsOpened.get();
        report.elapsedNanos = Math.max(0, measureEnd.get() - measureStart.get());
        report.latenciesNanos = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        report.bytesBuilt = bytesBuilt.sum();
        report.messagesBuilt = messagesBuilt.intValue();

        // 3. delivery verification
        if (imap != null) {
            verify(imap, report, recipients, initialCounts, initialNextUids, acceptedPerRecipient, lastAccept.get());
        }
        return report;
    }

    /**
     * Polls each recipient's INBOX over one logged-in IMAP connection per recipient, by its next UID (the
     * messages delivered since the run began, nothing deleting any): a login at every poll costs the server a
     * password hash, and counting the messages costs James on JPA a count of the mailbox's rows, work that
     * would compete with the deliveries being measured.
     */
    private void verify(ImapStatusClient imap, LoadReport report, List<String> recipients, int[] initial, int[] initialNextUids,
                        AtomicIntegerArray acceptedPerRecipient, long lastAcceptNanos) {
        int n = recipients.size();
        int[] expected = new int[n];
        int[] current = initial.clone();
        boolean[] done = new boolean[n];
        ImapStatusClient.Session[] sessions = new ImapStatusClient.Session[n];
        long expectedTotal = 0;
        for (int r = 0; r < n; r++) {
            expected[r] = initial[r] + acceptedPerRecipient.get(r);
            expectedTotal += acceptedPerRecipient.get(r);
        }
        report.expectedDeliveries = expectedTotal;
        out.printf(Locale.ROOT, "  verifying delivery of %d accepted messages over IMAP (up to %d s)...%n",
            expectedTotal, options.verifyTimeoutSeconds);
        out.flush();
        long base = lastAcceptNanos == Long.MIN_VALUE ? System.nanoTime() : lastAcceptNanos;
        long deadline = System.nanoTime() + options.verifyTimeoutSeconds * 1_000_000_000L;
        String lastError = null;
        try {
            while (true) {
                boolean all = true;
                for (int r = 0; r < n; r++) {
                    if (done[r]) {
                        continue;
                    }
                    try {
                        if (sessions[r] == null) {
                            sessions[r] = imap.login(recipients.get(r), options.password);
                        }
                        current[r] = initial[r] + sessions[r].inboxNextUid() - initialNextUids[r];
                        done[r] = current[r] >= expected[r];
                    } catch (IOException e) {
                        lastError = recipients.get(r) + ": " + e.getMessage();
                        if (sessions[r] != null) {
                            sessions[r].close();
                            sessions[r] = null;
                        }
                    }
                    all &= done[r];
                }
                long now = System.nanoTime();
                if (all) {
                    report.fullyDelivered = true;
                    report.timeToFullDeliveryNanos = Math.max(0, now - base);
                    break;
                }
                if (now - deadline >= 0) {
                    break;
                }
                try {
                    Thread.sleep(Math.min(POLL_INTERVAL_MILLIS, Math.max(1, (deadline - now) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            for (ImapStatusClient.Session session : sessions) {
                if (session != null) {
                    session.close();
                }
            }
        }
        long delivered = 0;
        for (int r = 0; r < n; r++) {
            delivered += Math.max(0, current[r] - initial[r]);
            report.perRecipient.add(String.format(Locale.ROOT, "%s: INBOX %d -> %d (expected %d)%s",
                recipients.get(r), initial[r], current[r], expected[r], done[r] ? "" : "  <-- incomplete"));
        }
        report.delivered = delivered;
        if (!report.fullyDelivered && lastError != null) {
            report.perRecipient.add("last IMAP error: " + lastError);
        }
    }
}
