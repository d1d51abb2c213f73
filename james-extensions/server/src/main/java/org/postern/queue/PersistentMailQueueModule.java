package org.postern.queue;

import javax.jms.ConnectionFactory;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * The mail queues (spool, outgoing) on an ActiveMQ broker embedded in the server ({@link EmbeddedBroker}).
 * Mail is on disk, synced, before SMTP answers 250, so an accepted message survives a crash; retries wait
 * in the queue.
 */
public class PersistentMailQueueModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(EmbeddedBroker.class).in(Scopes.SINGLETON);
        bind(PosternMailQueueFactory.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedBroker broker) {
        return broker.connectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(PosternMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(PosternMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> queuesOfMailQueue(PosternMailQueueFactory factory) {
        return factory;
    }
}
