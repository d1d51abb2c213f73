package org.postern.queue;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;

/** James's ActiveMQ mail queues, on our {@link EmbeddedBroker}. */
public class PosternMailQueueFactory extends ActiveMQMailQueueFactory {

    @Inject
    PosternMailQueueFactory(EmbeddedBroker broker, MailQueueItemDecoratorFactory decorators, MetricFactory metricFactory,
                            GaugeRegistry gaugeRegistry) {
        super(broker.connectionFactory(), decorators, metricFactory, gaugeRegistry, new ActiveMQMetricCollectorNoop());
        setUseJMX(false);
        // keep the message bytes inside the fsynced journal rather than in a separate, unsynced blob file
        setUseBlobMessages(false);
        init();
    }
}
