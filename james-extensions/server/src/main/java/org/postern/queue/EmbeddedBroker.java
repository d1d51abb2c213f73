package org.postern.queue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ broker holding the mail queues, inside the server's JVM and reachable only from it.
 * James's own EmbeddedActiveMQ also opens an OpenWire port on localhost, through which any local user could
 * read or inject queued mail; this broker has no transport connector at all, only the in-JVM vm:// one.
 * Its KahaDB journal lives in {@code DATA_DIR/store/activemq} and is fsynced on every write, because SMTP's
 * 250 promises the message is on disk.
 */
@Singleton
public class EmbeddedBroker {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String NAME = "postern";
    private static final String DIRECTORY = "file://var/store/activemq/brokers";

    /** Present while the broker runs: found at start, it says the last run ended without a stop (a crash). */
    private static final String RUNNING_MARKER = "running";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;
    private final Path runningMarker;
    private final boolean startedAfterCrash;

    @Inject
    EmbeddedBroker(FileSystem fileSystem) throws Exception {
        File directory = fileSystem.getFile(DIRECTORY);
        Files.createDirectories(directory.toPath());
        runningMarker = directory.toPath().resolve(RUNNING_MARKER);
        startedAfterCrash = Files.exists(runningMarker);
        if (startedAfterCrash) {
            LOGGER.warn("The previous run did not stop cleanly (killed or crashed): mail it was delivering comes out of "
                + "the queue again, and its recipients who already hold the copy are skipped");
        }
        KahaDBPersistenceAdapter journal = new KahaDBPersistenceAdapter();
        journal.setDirectory(new File(directory, "KahaDB"));
        journal.setJournalDiskSyncStrategy("always");
        // store each message before dispatching it, on the sender's thread: dispatching it to a consumer in
        // parallel with the store only pays when consumers keep up with producers, and the spool is slower
        // than SMTP during a burst (storing on the sender's thread measured about +25 % accepted messages/s)
        journal.setConcurrentStoreAndDispatchQueues(false);

        broker = new BrokerService();
        broker.setBrokerName(NAME);
        broker.setDataDirectoryFile(directory);
        broker.setPersistent(true);
        broker.setPersistenceAdapter(journal);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        // retries wait in the queue through a next-delivery property James's JMS queue selects on: no scheduler
        broker.setSchedulerSupport(false);
        // James's queue asks the statistics plugin for queue sizes (webadmin's mailQueues routes)
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        broker.setEnableStatistics(true);
        broker.start();
        broker.waitUntilStarted();
        if (!startedAfterCrash) {
            Files.createFile(runningMarker);
        }

        connectionFactory = new ActiveMQConnectionFactory("vm://" + NAME + "?create=false");
        connectionFactory.setTrustAllPackages(false);
        ActiveMQPrefetchPolicy noPrefetch = new ActiveMQPrefetchPolicy();
        // a consumer holds no mail it is not processing, so every spool thread gets work
        noPrefetch.setQueuePrefetch(0);
        noPrefetch.setTopicPrefetch(0);
        connectionFactory.setPrefetchPolicy(noPrefetch);
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** Whether the previous run of the server ended without stopping the broker (SIGKILL, power loss). */
    public boolean startedAfterCrash() {
        return startedAfterCrash;
    }

    @PreDestroy
    public void stop() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
        Files.deleteIfExists(runningMarker);
    }
}
