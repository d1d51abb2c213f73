package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class CachingMaxQuotaManagerTest {
    private static final QuotaRoot ALICE = QuotaRoot.quotaRoot("#private&alice@example.com", Optional.of(Domain.of("example.com")));

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<QuotaCountLimit> userLimit = new AtomicReference<>(QuotaCountLimit.count(100));

    /** The database: a user message limit that can be changed, and a count of the reads. */
    private final MaxQuotaManager database = (MaxQuotaManager) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MaxQuotaManager.class}, (proxy, method, args) -> switch (method.getName()) {
            case "listMaxMessagesDetails" -> {
                reads.incrementAndGet();
                yield Map.of(Quota.Scope.User, userLimit.get());
            }
            case "listMaxStorageDetails" -> Map.of();
            case "setMaxMessage" -> {
                userLimit.set((QuotaCountLimit) args[1]);
                yield null;
            }
            case "setMaxMessageReactive" -> Mono.fromRunnable(() -> userLimit.set((QuotaCountLimit) args[1]));
            default -> throw new UnsupportedOperationException(method.getName());
        });
    private final CachingMaxQuotaManager limits = new CachingMaxQuotaManager(database);

    @Test
    void eachDeliveryNoLongerReadsTheLimits() {
        for (int i = 0; i < 5; i++) {
            assertThat(limits.quotaDetails(ALICE).getMaxMessageDetails()).containsEntry(Quota.Scope.User, QuotaCountLimit.count(100));
            assertThat(Mono.from(limits.quotaDetailsReactive(ALICE)).block().getMaxMessageDetails())
                .containsEntry(Quota.Scope.User, QuotaCountLimit.count(100));
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aLimitChangedThroughTheServerCountsAtOnce() throws Exception {
        limits.quotaDetails(ALICE);

        limits.setMaxMessage(ALICE, QuotaCountLimit.count(5));
        assertThat(limits.listMaxMessagesDetails(ALICE)).containsEntry(Quota.Scope.User, QuotaCountLimit.count(5));

        Mono.from(limits.setMaxMessageReactive(ALICE, QuotaCountLimit.count(7))).block();
        assertThat(Mono.from(limits.listMaxMessagesDetailsReactive(ALICE)).block())
            .containsEntry(Quota.Scope.User, QuotaCountLimit.count(7));
    }
}
