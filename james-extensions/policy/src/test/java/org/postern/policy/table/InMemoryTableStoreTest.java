package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InMemoryTableStoreTest extends TableStoreContract {

    @Override
    protected TableStore createStore() {
        return new InMemoryTableStore();
    }

    @Test
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        TableStore store = createStore();
        int threads = 8;
        int keysPerThread = 500;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> work = () -> {
                    start.await();
                    for (int k = 0; k < keysPerThread; k++) {
                        String key = "user" + thread + "-" + k + "@example.com";
                        store.put("blocked", key, "REJECT " + thread);
                        store.put("shared", "counter", "thread " + thread);
                        assertThat(store.get("blocked", key)).contains("REJECT " + thread);
                        assertThat(store.list("blocked")).isNotEmpty();
                        if (k % 2 == 0) {
                            assertThat(store.delete("blocked", key)).isTrue();
                        }
                    }
                    return null;
                };
                results.add(executor.submit(work));
            }
            start.countDown();
            for (Future<Void> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(store.list("blocked")).hasSize(threads * keysPerThread / 2);
        assertThat(store.list("shared")).hasSize(1);
        assertThat(store.get("shared", "counter")).hasValueSatisfying(value -> assertThat(value).startsWith("thread "));
    }
}
