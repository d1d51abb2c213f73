package org.postern.persistence;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import reactor.core.publisher.Mono;

/**
 * The current quota usage (messages and bytes per quota root), counted in memory and written to the database
 * a few times a second instead of at every delivery.
 *
 * <p>Each delivery used to cost three database round trips for quota alone: reading the usage to check the
 * limits, a transaction adding the message, and another read to announce the new usage. Here the usage read
 * from the database is remembered, the changes since are kept in memory and added to every answer, and a
 * background writer adds them to the database in one transaction per quota root. Answers given by this server
 * are therefore always exact; another server sharing the database sees them within {@link #WRITE_INTERVAL},
 * and its own changes are seen here within {@link #STORED_EXPIRY}.
 *
 * <p>What this trades: a crash (not a shutdown, which writes what is pending) forgets the usage changes of
 * the last {@link #WRITE_INTERVAL}: the usage then counts too few messages until it is recomputed (webadmin's
 * {@code POST /quota/users?task=RecomputeCurrentQuotas}). No mail is lost or refused by it.
 */
public class CoalescingCurrentQuotaManager implements CurrentQuotaManager {
    static final String DELEGATE = "uncoalescedCurrentQuotaManager";
    static final Duration WRITE_INTERVAL = Duration.ofMillis(250);
    static final Duration STORED_EXPIRY = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(CoalescingCurrentQuotaManager.class);

    private final CurrentQuotaManager database;
    private final ScheduledExecutorService writer;
    /** Every read and write of the fields below, and every database call, holds this lock. */
    private final Object lock = new Object();
    /** The usage as the database had it when read, plus what this server wrote there since. */
    private final Cache<QuotaRoot, CurrentQuotas> stored;
    /** Changes not yet in the database: {messages, bytes}, either may be negative. */
    private final Map<QuotaRoot, long[]> pending = new HashMap<>();
    private ScheduledFuture<?> nextWrite;

    @Inject
    public CoalescingCurrentQuotaManager(@Named(DELEGATE) CurrentQuotaManager database) {
        this.database = database;
        this.stored = CacheBuilder.newBuilder().expireAfterWrite(STORED_EXPIRY).maximumSize(100_000).build();
        this.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quota-usage-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Publisher<QuotaCountUsage> getCurrentMessageCount(QuotaRoot quotaRoot) {
        return Mono.fromCallable(() -> current(quotaRoot).count());
    }

    @Override
    public Publisher<QuotaSizeUsage> getCurrentStorage(QuotaRoot quotaRoot) {
        return Mono.fromCallable(() -> current(quotaRoot).size());
    }

    @Override
    public Publisher<CurrentQuotas> getCurrentQuotas(QuotaRoot quotaRoot) {
        return Mono.fromCallable(() -> current(quotaRoot));
    }

    @Override
    public Publisher<Void> increase(QuotaOperation operation) {
        return Mono.fromRunnable(() -> change(operation.quotaRoot(), operation.count().asLong(), operation.size().asLong()));
    }

    @Override
    public Publisher<Void> decrease(QuotaOperation operation) {
        return Mono.fromRunnable(() -> change(operation.quotaRoot(), -operation.count().asLong(), -operation.size().asLong()));
    }

    @Override
    public Publisher<Void> setCurrentQuotas(QuotaOperation operation) {
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                // a recomputed usage replaces whatever was counted before it
                pending.remove(operation.quotaRoot());
                Mono.from(database.setCurrentQuotas(operation)).block();
                stored.put(operation.quotaRoot(), CurrentQuotas.from(operation));
            }
        });
    }

    private CurrentQuotas current(QuotaRoot quotaRoot) {
        synchronized (lock) {
            CurrentQuotas usage = stored.getIfPresent(quotaRoot);
            if (usage == null) {
                usage = Mono.from(database.getCurrentQuotas(quotaRoot)).blockOptional().orElse(CurrentQuotas.emptyQuotas());
                stored.put(quotaRoot, usage);
            }
            long[] change = pending.get(quotaRoot);
            return change == null ? usage : plus(usage, change[0], change[1]);
        }
    }

    private void change(QuotaRoot quotaRoot, long messages, long bytes) {
        synchronized (lock) {
            long[] change = pending.computeIfAbsent(quotaRoot, root -> new long[2]);
            change[0] += messages;
            change[1] += bytes;
            if (nextWrite == null) {
                nextWrite = writer.schedule(this::writePending, WRITE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Adds the pending changes to the database; what cannot be written stays pending for the next try. */
    @VisibleForTesting
    void writePending() {
        synchronized (lock) {
            nextWrite = null;
            Iterator<Map.Entry<QuotaRoot, long[]>> changes = pending.entrySet().iterator();
            while (changes.hasNext()) {
                Map.Entry<QuotaRoot, long[]> change = changes.next();
                try {
                    write(change.getKey(), change.getValue());
                } catch (RuntimeException e) {
                    LOGGER.warn("Cannot write the quota usage of {} to the database yet, trying again in {} ms",
                        change.getKey().getValue(), WRITE_INTERVAL.toMillis(), e);
                    nextWrite = writer.schedule(this::writePending, WRITE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                changes.remove();
            }
        }
    }

    /**
     * The database's operations take no negative figures: what grows and what shrinks go separately, and each
     * part written leaves the pending change (and joins the remembered usage) at once, so a failure of the
     * other part is not written twice when retried.
     */
    private void write(QuotaRoot quotaRoot, long[] change) {
        long grownMessages = Math.max(change[0], 0);
        long grownBytes = Math.max(change[1], 0);
        if (grownMessages > 0 || grownBytes > 0) {
            Mono.from(database.increase(new QuotaOperation(quotaRoot, QuotaCountUsage.count(grownMessages),
                QuotaSizeUsage.size(grownBytes)))).block();
            written(quotaRoot, change, grownMessages, grownBytes);
        }
        long shrunkMessages = Math.max(-change[0], 0);
        long shrunkBytes = Math.max(-change[1], 0);
        if (shrunkMessages > 0 || shrunkBytes > 0) {
            Mono.from(database.decrease(new QuotaOperation(quotaRoot, QuotaCountUsage.count(shrunkMessages),
                QuotaSizeUsage.size(shrunkBytes)))).block();
            written(quotaRoot, change, -shrunkMessages, -shrunkBytes);
        }
    }

    private void written(QuotaRoot quotaRoot, long[] change, long messages, long bytes) {
        change[0] -= messages;
        change[1] -= bytes;
        CurrentQuotas usage = stored.getIfPresent(quotaRoot);
        if (usage != null) {
            stored.put(quotaRoot, plus(usage, messages, bytes));
        }
    }

    private static CurrentQuotas plus(CurrentQuotas usage, long messages, long bytes) {
        return new CurrentQuotas(QuotaCountUsage.count(usage.count().asLong() + messages),
            QuotaSizeUsage.size(usage.size().asLong() + bytes));
    }

    /** Writes what is pending before the database goes away. */
    @PreDestroy
    public void stop() {
        writer.shutdown();
        writePending();
    }
}
