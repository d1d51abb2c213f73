package org.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.postern.mail.CrashRedelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.james.metrics.tests.RecordingMetricFactory;

import reactor.core.publisher.Flux;

/** The queue over a real embedded broker and journal in a temporary directory. */
class PosternMailQueueTest {
    private static final MailQueueName SPOOL = MailQueueName.of("spool");

    @TempDir
    Path dataDirectory;

    private final List<EmbeddedBroker> brokers = new ArrayList<>();

    @AfterEach
    void stopBrokers() throws Exception {
        for (EmbeddedBroker broker : brokers) {
            broker.stop();
        }
    }

    @Test
    void mailEnqueuedFromManyThreadsAtOnceIsDequeuedWholeAndExactlyOnce() throws Exception {
        ManageableMailQueue queue = openQueue();
        int threads = 8;
        int perThread = 25;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        enqueue(queue, "m-" + thread + "-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(queue.getSize()).isEqualTo(threads * perThread);

        Set<String> names = new HashSet<>();
        for (MailQueue.MailQueueItem item : Flux.from(queue.deQueue()).take(threads * perThread)
            .collectList().block(Duration.ofSeconds(60))) {
            Mail mail = item.getMail();
            assertThat(names.add(mail.getName())).as("dequeued twice: %s", mail.getName()).isTrue();
            assertThat(mail.getRecipients()).containsExactly(new MailAddress("rcpt@example.net"));
            assertThat(body(mail.getMessage())).isEqualTo("body of " + mail.getName() + "\r\n");
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            LifecycleUtil.dispose(item.getMail());
        }
        assertThat(names).hasSize(threads * perThread);
        assertThat(queue.getSize()).isZero();
    }

    @Test
    void enqueuedMailIsStillThereAfterTheBrokerIsRestarted() throws Exception {
        ManageableMailQueue queue = openQueue();
        enqueue(queue, "kept");
        enqueue(queue, "kept-too");
        brokers.remove(0).stop();

        ManageableMailQueue reopened = openQueue();
        assertThat(reopened.getSize()).isEqualTo(2);
        List<String> names = new ArrayList<>();
        for (MailQueue.MailQueueItem item : Flux.from(reopened.deQueue()).take(2).collectList().block(Duration.ofSeconds(60))) {
            names.add(item.getMail().getName());
            assertThat(body(item.getMail().getMessage())).isEqualTo("body of " + item.getMail().getName() + "\r\n");
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            LifecycleUtil.dispose(item.getMail());
        }
        assertThat(names).containsExactlyInAnyOrder("kept", "kept-too");
    }

    @Test
    void mailGivenBackIsDequeuedAgainAndMailDoneIsNeverDequeuedAgain() throws Exception {
        ManageableMailQueue queue = openQueue();
        enqueue(queue, "given-back");
        Flux<MailQueue.MailQueueItem> dequeued = Flux.from(queue.deQueue());

        MailQueue.MailQueueItem first = dequeued.next().block(Duration.ofSeconds(30));
        assertThat(first.getMail().getName()).isEqualTo("given-back");
        first.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
        LifecycleUtil.dispose(first.getMail());

        MailQueue.MailQueueItem again = dequeued.next().block(Duration.ofSeconds(30));
        assertThat(again.getMail().getName()).isEqualTo("given-back");
        again.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        LifecycleUtil.dispose(again.getMail());

        enqueue(queue, "next");
        MailQueue.MailQueueItem next = dequeued.next().block(Duration.ofSeconds(30));
        assertThat(next.getMail().getName()).isEqualTo("next");
        next.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        LifecycleUtil.dispose(next.getMail());
        assertThat(queue.getSize()).isZero();
    }

    @Test
    void delayedMailIsNotDequeuedBeforeItsTimeByAConsumerKeptFromAnEarlierMessage() throws Exception {
        ManageableMailQueue queue = openQueue();
        Flux<MailQueue.MailQueueItem> dequeued = Flux.from(queue.deQueue());
        enqueue(queue, "now");
        MailQueue.MailQueueItem now = dequeued.next().block(Duration.ofSeconds(30));
        now.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        LifecycleUtil.dispose(now.getMail());

        long enqueued = System.nanoTime();
        enqueue(queue, "retry", Duration.ofSeconds(2));
        MailQueue.MailQueueItem retry = dequeued.next().block(Duration.ofSeconds(60));
        long waitedMillis = (System.nanoTime() - enqueued) / 1_000_000;

        assertThat(retry.getMail().getName()).isEqualTo("retry");
        assertThat(waitedMillis).isGreaterThanOrEqualTo(2000);
        retry.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        LifecycleUtil.dispose(retry.getMail());
    }

    @Test
    void afterAnUncleanStopTheFirstMailsOutOfTheSpoolAreMarkedForTheCrashCheckAndAfterACleanStopNone() throws Exception {
        // the broker's marker of a running server, left behind as a kill leaves it
        Path brokerDirectory = dataDirectory.resolve("var/store/activemq/brokers");
        Files.createDirectories(brokerDirectory);
        Files.createFile(brokerDirectory.resolve("running"));
        ManageableMailQueue queue = openQueue();
        int marked = PosternMailQueueFactory.CRASH_REDELIVERY_CHECKS;
        for (int i = 0; i <= marked; i++) {
            enqueue(queue, "m-" + i);
        }

        List<Boolean> marks = new ArrayList<>();
        for (MailQueue.MailQueueItem item : Flux.from(queue.deQueue()).take(marked + 1L).collectList().block(Duration.ofSeconds(60))) {
            marks.add(item.getMail().getAttribute(CrashRedelivery.ATTRIBUTE).isPresent());
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            LifecycleUtil.dispose(item.getMail());
        }
        assertThat(marks.subList(0, marked)).containsOnly(true);
        assertThat(marks.get(marked)).isFalse();

        brokers.remove(0).stop();
        ManageableMailQueue afterCleanStop = openQueue();
        enqueue(afterCleanStop, "after-clean-stop");
        MailQueue.MailQueueItem item = Flux.from(afterCleanStop.deQueue()).next().block(Duration.ofSeconds(30));
        assertThat(item.getMail().getAttribute(CrashRedelivery.ATTRIBUTE)).isEmpty();
        item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        LifecycleUtil.dispose(item.getMail());
    }

    private ManageableMailQueue openQueue() throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(new DirectoryFileSystem(dataDirectory.toFile()));
        brokers.add(broker);
        PosternMailQueueFactory factory = new PosternMailQueueFactory(broker, new RawMailQueueItemDecoratorFactory(),
            new RecordingMetricFactory(), new NoopGaugeRegistry());
        return factory.createQueue(SPOOL);
    }

    /** Enqueues a new mail and releases it, as the SMTP server does once the queue holds it. */
    private static void enqueue(MailQueue queue, String name) throws Exception {
        enqueue(queue, name, Duration.ZERO);
    }

    private static void enqueue(MailQueue queue, String name, Duration delay) throws Exception {
        Mail mail = mail(name);
        try {
            queue.enQueue(mail, delay);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private static Mail mail(String name) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject(name);
        message.setText("body of " + name + "\r\n");
        message.saveChanges();
        return MailImpl.builder()
            .name(name)
            .sender("sender@example.org")
            .addRecipient("rcpt@example.net")
            .mimeMessage(message)
            .build();
    }

    private static String body(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = message.getInputStream()) {
            in.transferTo(out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code file://var/...} under the test's data directory, as the server's file system resolves it. */
    private static final class DirectoryFileSystem implements FileSystem {
        private final File base;

        private DirectoryFileSystem(File base) {
            this.base = base;
        }

        @Override
        public InputStream getResource(String url) {
            throw new UnsupportedOperationException(url);
        }

        @Override
        public File getFile(String fileURL) {
            return new File(base, fileURL.substring("file://".length()));
        }

        @Override
        public File getBasedir() {
            return base;
        }
    }
}
