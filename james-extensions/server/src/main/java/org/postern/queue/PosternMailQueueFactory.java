package org.postern.queue;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/** James's ActiveMQ mail queues, on our {@link EmbeddedBroker}. */
public class PosternMailQueueFactory extends ActiveMQMailQueueFactory {
    /**
     * After a crash, how many of the spool's first messages are marked {@link org.postern.mail.CrashRedelivery#ATTRIBUTE}:
     * those that were being processed when it came are the oldest in the queue, so they come first, and there are
     * at most as many as spool threads; the mark only costs a look into the recipients' newest messages.
     */
    static final int CRASH_REDELIVERY_CHECKS = 64;

    private final EmbeddedBroker broker;

    @Inject
    PosternMailQueueFactory(EmbeddedBroker broker, MailQueueItemDecoratorFactory decorators, MetricFactory metricFactory,
                            GaugeRegistry gaugeRegistry) {
        super(broker.connectionFactory(), decorators, metricFactory, gaugeRegistry, new ActiveMQMetricCollectorNoop());
        this.broker = broker;
        setUseJMX(false);
        init();
    }

    /**
     * Our queue keeps the message bytes inside the fsynced journal rather than in a separate, unsynced blob
     * file, and enqueues through several sessions at once.
     */
    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        int crashChecks = broker.startedAfterCrash() && name.equals(MailQueueFactory.SPOOL) ? CRASH_REDELIVERY_CHECKS : 0;
        return new PosternMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry,
            crashChecks);
    }
}
