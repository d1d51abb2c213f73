package org.postern.queue;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/** James's ActiveMQ mail queues, on our {@link EmbeddedBroker}. */
public class PosternMailQueueFactory extends ActiveMQMailQueueFactory {

    @Inject
    PosternMailQueueFactory(EmbeddedBroker broker, MailQueueItemDecoratorFactory decorators, MetricFactory metricFactory,
                            GaugeRegistry gaugeRegistry) {
        super(broker.connectionFactory(), decorators, metricFactory, gaugeRegistry, new ActiveMQMetricCollectorNoop());
        setUseJMX(false);
        init();
    }

    /**
     * Our queue keeps the message bytes inside the fsynced journal rather than in a separate, unsynced blob
     * file, and enqueues through several sessions at once.
     */
    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        return new PosternMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
    }
}
