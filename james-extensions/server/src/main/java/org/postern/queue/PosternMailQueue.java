package org.postern.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Session;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.postern.mail.CrashRedelivery;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's ActiveMQ mail queue, enqueuing through a pool of JMS sessions instead of its single shared one, and
 * dequeuing through kept consumers instead of a new session and consumer for every message.
 *
 * <p>A persistent send waits for the broker to sync the journal, and an ActiveMQ session sends one message
 * at a time: with one session for the whole queue every SMTP connection waited in line for the previous
 * message's fsync. With a session per concurrent sender the broker writes their messages to the journal
 * together, one sync for several. The message is written exactly as James's queue writes it (properties,
 * then the MIME bytes as an object message), so its dequeue, browse and removal work unchanged.
 */
class PosternMailQueue extends ActiveMQCacheableMailQueue {
    /** Idle senders kept for the next burst; more are opened while more threads enqueue at once. */
    private static final int MAX_IDLE_SENDERS = 16;
    /** Consumers kept between messages: one per spool thread is enough; more threads than this open their own. */
    private static final int MAX_IDLE_RECEIVERS = 16;

    /**
     * How long a kept consumer may serve: its selector admits the mail due when it was opened (James's queue
     * selects on the next-delivery time), so mail whose retry falls due later needs a newer consumer.
     */
    static final Duration RECEIVER_LIFETIME = Duration.ofSeconds(1);

    private static final long RECEIVE_TIMEOUT_MILLIS = 10_000;

    private final Idle<Sender> idleSenders = new Idle<>(MAX_IDLE_SENDERS);
    private final Idle<Receiver> idleReceivers = new Idle<>(MAX_IDLE_RECEIVERS);
    /** Set when the server stops: the spool's dequeuing ends instead of failing on the closed connection. */
    private volatile boolean disposed;
    private final Flux<MailQueueItem> dequeued = Mono.defer(this::receiveOne).repeat(() -> !disposed);
    /** Messages still to be marked {@link CrashRedelivery#ATTRIBUTE} as they are dequeued. */
    private final AtomicInteger crashChecks;

    /**
     * @param crashChecks how many of the first messages dequeued to mark {@link CrashRedelivery#ATTRIBUTE}: after a crash,
     *                    those the spool was processing when it came (their delivery may have been done but not
     *                    acknowledged) come out first
     */
    PosternMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decorators, MailQueueName name,
                     MetricFactory metricFactory, GaugeRegistry gaugeRegistry, int crashChecks) {
        super(connectionFactory, decorators, name, false, metricFactory, gaugeRegistry);
        this.crashChecks = new AtomicInteger(crashChecks);
    }

    @Override
    protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail)
        throws JMSException, MessagingException, IOException {
        byte[] content = mimeBytes(mail);
        Sender sender = borrow();
        try {
            ObjectMessage message = sender.session.createObjectMessage();
            for (Map.Entry<String, Object> property : props.entrySet()) {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
            message.setObject(content);
            sender.producer.send(message, Message.DEFAULT_DELIVERY_MODE, msgPrio, Message.DEFAULT_TIME_TO_LIVE);
        } catch (JMSException | RuntimeException e) {
            // the session may be broken: do not hand it to the next message
            sender.close();
            throw e;
        }
        giveBack(sender);
    }

    /**
     * The spool takes mail through this, one message per spool thread at a time. A consumer is kept for the next
     * message once its message is done, as long as {@link #RECEIVER_LIFETIME} allows: opening and closing a
     * transacted session and a selecting consumer per message cost the broker more than storing the message.
     */
    @Override
    public Flux<MailQueueItem> deQueue() {
        return dequeued;
    }

    private Mono<MailQueueItem> receiveOne() {
        Receiver receiver = null;
        try {
            receiver = idleReceiver();
            Message message = receiver.consumer.receive(RECEIVE_TIMEOUT_MILLIS);
            if (message == null) {
                // nothing due: let the next attempt select with a fresh time
                receiver.session.commit();
                receiver.close();
                return Mono.empty();
            }
            dequeuedMailsMetric.increment();
            Mail mail = createMail(message);
            if (crashChecks.get() > 0 && crashChecks.getAndDecrement() > 0) {
                mail.setAttribute(new Attribute(CrashRedelivery.ATTRIBUTE, AttributeValue.of(true)));
            }
            Receiver taken = receiver;
            receiver = null;
            return Mono.just(mailQueueItemDecoratorFactory.decorate(new KeptConsumerItem(mail, taken), queueName));
        } catch (Exception e) {
            // the server stopping closes the connection, or interrupts the receive: no error is wanted in the log
            boolean stopping = disposed || interrupted(e);
            if (receiver != null) {
                // a message that could not be read goes back to the queue (closing the session rolls back too)
                if (!stopping) {
                    rollback(receiver.session);
                }
                receiver.close();
            }
            if (stopping) {
                if (!disposed) {
                    Thread.interrupted();
                }
                return Mono.empty();
            }
            return Mono.error(new MailQueueException("Unable to dequeue next message", e));
        }
    }

    private static boolean interrupted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private Receiver idleReceiver() throws JMSException {
        for (Receiver idle = idleReceivers.take(); idle != null; idle = idleReceivers.take()) {
            if (idle.fresh()) {
                return idle;
            }
            idle.close();
        }
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        try {
            return new Receiver(session, session.createConsumer(session.createQueue(queueName.asString()), getMessageSelector()));
        } catch (JMSException | RuntimeException e) {
            closeSession(session);
            throw e;
        }
    }

    private void keep(Receiver receiver) {
        if (!receiver.fresh() || !idleReceivers.keep(receiver)) {
            receiver.close();
        }
    }

    /** A dequeued message: acknowledged (committed) when done, and its consumer kept for the next message. */
    private final class KeptConsumerItem implements MailQueueItem {
        private final Mail mail;
        private final Receiver receiver;

        private KeptConsumerItem(Mail mail, Receiver receiver) {
            this.mail = mail;
            this.receiver = receiver;
        }

        @Override
        public Mail getMail() {
            return mail;
        }

        @Override
        public void done(CompletionStatus status) throws MailQueueException {
            if (status != CompletionStatus.SUCCESS) {
                // back to the queue, and this consumer goes (as James's queue does): no redelivery bookkeeping
                // of a rolled-back consumer is carried over to the next message
                rollback(receiver.session);
                receiver.close();
                return;
            }
            try {
                receiver.session.commit();
            } catch (JMSException e) {
                receiver.close();
                throw new MailQueueException("Unable to commit dequeue operation for mail " + mail.getName(), e);
            }
            keep(receiver);
        }
    }

    private static byte[] mimeBytes(Mail mail) throws MessagingException, IOException {
        long size = mail.getMessageSize();
        ByteArrayOutputStream out = size > 0 && size < Integer.MAX_VALUE
            ? new ByteArrayOutputStream((int) size)
            : new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    private Sender borrow() throws JMSException {
        Sender idle = idleSenders.take();
        if (idle != null) {
            return idle;
        }
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            return new Sender(session, session.createProducer(queue));
        } catch (JMSException | RuntimeException e) {
            closeSession(session);
            throw e;
        }
    }

    private void giveBack(Sender sender) {
        if (!idleSenders.keep(sender)) {
            sender.close();
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        for (Sender sender = idleSenders.take(); sender != null; sender = idleSenders.take()) {
            sender.close();
        }
        for (Receiver receiver = idleReceivers.take(); receiver != null; receiver = idleReceivers.take()) {
            receiver.close();
        }
        super.dispose();
    }

    /** JMS sessions kept between uses, at most {@code max}, the most recently used handed out first. */
    private static final class Idle<T> {
        private final ConcurrentLinkedDeque<T> kept = new ConcurrentLinkedDeque<>();
        private final AtomicInteger count = new AtomicInteger();
        private final int max;

        private Idle(int max) {
            this.max = max;
        }

        /** A kept one, or null when none is idle. */
        private T take() {
            T idle = kept.pollFirst();
            if (idle != null) {
                count.decrementAndGet();
            }
            return idle;
        }

        /** @return false when enough are kept already: the caller closes this one */
        private boolean keep(T idle) {
            if (count.incrementAndGet() <= max) {
                kept.offerFirst(idle);
                return true;
            }
            count.decrementAndGet();
            return false;
        }
    }

    private static final class Receiver {
        private final Session session;
        private final MessageConsumer consumer;
        private final long openedNanos = System.nanoTime();

        private Receiver(Session session, MessageConsumer consumer) {
            this.session = session;
            this.consumer = consumer;
        }

        private boolean fresh() {
            return System.nanoTime() - openedNanos < RECEIVER_LIFETIME.toNanos();
        }

        private void close() {
            closeConsumer(consumer);
            closeSession(session);
        }
    }

    private static final class Sender {
        private final Session session;
        private final MessageProducer producer;

        private Sender(Session session, MessageProducer producer) {
            this.session = session;
            this.producer = producer;
        }

        private void close() {
            closeProducer(producer);
            closeSession(session);
        }
    }
}
