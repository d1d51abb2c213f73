package org.postern.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Session;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;

/**
 * James's ActiveMQ mail queue, enqueuing through a pool of JMS sessions instead of its single shared one.
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

    private final ConcurrentLinkedDeque<Sender> idleSenders = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    PosternMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decorators, MailQueueName name,
                     MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, decorators, name, false, metricFactory, gaugeRegistry);
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

    private static byte[] mimeBytes(Mail mail) throws MessagingException, IOException {
        long size = mail.getMessageSize();
        ByteArrayOutputStream out = size > 0 && size < Integer.MAX_VALUE
            ? new ByteArrayOutputStream((int) size)
            : new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    private Sender borrow() throws JMSException {
        Sender idle = idleSenders.pollFirst();
        if (idle != null) {
            idleCount.decrementAndGet();
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
        if (idleCount.incrementAndGet() <= MAX_IDLE_SENDERS) {
            idleSenders.offerFirst(sender);
        } else {
            idleCount.decrementAndGet();
            sender.close();
        }
    }

    @Override
    public void dispose() {
        for (Sender sender = idleSenders.poll(); sender != null; sender = idleSenders.poll()) {
            sender.close();
        }
        super.dispose();
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
