package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

class CoalescingCurrentQuotaManagerTest {
    private static final QuotaRoot ALICE = QuotaRoot.quotaRoot("#private&alice@example.com", Optional.of(Domain.of("example.com")));
    private static final QuotaRoot BOB = QuotaRoot.quotaRoot("#private&bob@example.com", Optional.of(Domain.of("example.com")));

    private final FakeDatabase database = new FakeDatabase();
    private final CoalescingCurrentQuotaManager usage = new CoalescingCurrentQuotaManager(database);

    @AfterEach
    void stop() {
        usage.stop();
    }

    @Test
    void deliveriesAreCountedAtOnceAndWrittenTogether() {
        database.stored.put(ALICE, quotas(10, 1000));
        for (int i = 0; i < 50; i++) {
            deliver(ALICE, 100);
        }

        assertThat(current(ALICE)).isEqualTo(quotas(60, 6000));
        assertThat(database.operations).isEmpty();

        usage.writePending();

        assertThat(database.operations).containsExactly("increase " + ALICE.getValue() + " 50 5000");
        assertThat(database.stored).containsEntry(ALICE, quotas(60, 6000));
        assertThat(current(ALICE)).isEqualTo(quotas(60, 6000));
    }

    @Test
    void theUsageIsReadFromTheDatabaseOnceNotAtEveryDelivery() {
        database.stored.put(ALICE, quotas(3, 300));
        for (int i = 0; i < 20; i++) {
            current(ALICE);
            deliver(ALICE, 10);
        }
        usage.writePending();
        current(ALICE);

        assertThat(database.reads).isEqualTo(1);
        assertThat(current(ALICE)).isEqualTo(quotas(23, 500));
    }

    @Test
    void aDeletionAndADeliveryOfOtherSizesAreWrittenAsWhatGrewAndWhatShrank() {
        database.stored.put(ALICE, quotas(5, 5000));
        deliver(ALICE, 100);
        Mono.from(usage.decrease(new QuotaOperation(ALICE, QuotaCountUsage.count(0), QuotaSizeUsage.size(4000)))).block();

        usage.writePending();

        assertThat(database.operations).containsExactly(
            "increase " + ALICE.getValue() + " 1 0",
            "decrease " + ALICE.getValue() + " 0 3900");
        assertThat(database.stored).containsEntry(ALICE, quotas(6, 1100));
    }

    @Test
    void whatTheDatabaseRefusedIsWrittenLaterAndOnlyOnce() {
        deliver(ALICE, 100);
        deliver(BOB, 200);
        database.failing = true;

        usage.writePending();
        assertThat(database.stored).isEmpty();
        assertThat(current(ALICE)).isEqualTo(quotas(1, 100));

        database.failing = false;
        usage.writePending();
        usage.writePending();

        assertThat(database.stored).containsEntry(ALICE, quotas(1, 100)).containsEntry(BOB, quotas(1, 200));
        assertThat(current(BOB)).isEqualTo(quotas(1, 200));
    }

    @Test
    void aRecomputedUsageReplacesWhatWasPending() {
        deliver(ALICE, 100);
        deliver(ALICE, 100);

        Mono.from(usage.setCurrentQuotas(new QuotaOperation(ALICE, QuotaCountUsage.count(7), QuotaSizeUsage.size(700)))).block();
        usage.writePending();

        assertThat(current(ALICE)).isEqualTo(quotas(7, 700));
        assertThat(database.stored).containsEntry(ALICE, quotas(7, 700));
    }

    @Test
    void stoppingWritesWhatIsPending() {
        deliver(ALICE, 100);

        usage.stop();

        assertThat(database.stored).containsEntry(ALICE, quotas(1, 100));
    }

    @Test
    void theWriterRunsOnItsOwnWithinTheWriteInterval() throws InterruptedException {
        deliver(ALICE, 100);

        long deadline = System.nanoTime() + CoalescingCurrentQuotaManager.WRITE_INTERVAL.multipliedBy(10).toNanos();
        while (database.storedOf(ALICE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(database.storedOf(ALICE)).contains(quotas(1, 100));
    }

    private void deliver(QuotaRoot root, long bytes) {
        Mono.from(usage.increase(new QuotaOperation(root, QuotaCountUsage.count(1), QuotaSizeUsage.size(bytes)))).block();
    }

    private CurrentQuotas current(QuotaRoot root) {
        return Mono.from(usage.getCurrentQuotas(root)).block();
    }

    private static CurrentQuotas quotas(long messages, long bytes) {
        return new CurrentQuotas(QuotaCountUsage.count(messages), QuotaSizeUsage.size(bytes));
    }

    /** The database's usage table, what was asked of it, and a switch to make its writes fail. */
    private static final class FakeDatabase implements CurrentQuotaManager {
        private final Map<QuotaRoot, CurrentQuotas> stored = new HashMap<>();
        private final List<String> operations = new ArrayList<>();
        private volatile boolean failing;
        private int reads;

        @Override
        public Publisher<QuotaCountUsage> getCurrentMessageCount(QuotaRoot quotaRoot) {
            return Mono.from(getCurrentQuotas(quotaRoot)).map(CurrentQuotas::count);
        }

        @Override
        public Publisher<QuotaSizeUsage> getCurrentStorage(QuotaRoot quotaRoot) {
            return Mono.from(getCurrentQuotas(quotaRoot)).map(CurrentQuotas::size);
        }

        @Override
        public synchronized Publisher<CurrentQuotas> getCurrentQuotas(QuotaRoot quotaRoot) {
            reads++;
            return Mono.just(stored.getOrDefault(quotaRoot, CurrentQuotas.emptyQuotas()));
        }

        @Override
        public Publisher<Void> increase(QuotaOperation operation) {
            return Mono.fromRunnable(() -> apply("increase", operation, 1));
        }

        @Override
        public Publisher<Void> decrease(QuotaOperation operation) {
            return Mono.fromRunnable(() -> apply("decrease", operation, -1));
        }

        @Override
        public synchronized Publisher<Void> setCurrentQuotas(QuotaOperation operation) {
            return Mono.fromRunnable(() -> stored.put(operation.quotaRoot(), CurrentQuotas.from(operation)));
        }

        private synchronized Optional<CurrentQuotas> storedOf(QuotaRoot quotaRoot) {
            return Optional.ofNullable(stored.get(quotaRoot));
        }

        private synchronized void apply(String name, QuotaOperation operation, int sign) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            operations.add(name + " " + operation.quotaRoot().getValue() + " " + operation.count().asLong() + " "
                + operation.size().asLong());
            CurrentQuotas before = stored.getOrDefault(operation.quotaRoot(), CurrentQuotas.emptyQuotas());
            stored.put(operation.quotaRoot(), new CurrentQuotas(
                QuotaCountUsage.count(before.count().asLong() + sign * operation.count().asLong()),
                QuotaSizeUsage.size(before.size().asLong() + sign * operation.size().asLong())));
        }
    }
}
