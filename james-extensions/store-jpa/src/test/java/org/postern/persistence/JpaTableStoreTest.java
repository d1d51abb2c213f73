package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.policy.table.TableEntry;
import org.postern.policy.table.TableStore;
import org.postern.policy.table.TableStoreContract;

/** The store contract on an embedded Derby, through the server's own persistence unit. */
class JpaTableStoreTest extends TableStoreContract {
    @TempDir
    static Path directory;

    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.derby(directory);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Override
    protected TableStore createStore() {
        return database.emptyStore();
    }

    @Test
    void entriesOutliveTheStoreAndASecondCreationOfTheTable() {
        createStore().put("blocked", "Spammer@Example.com", "REJECT no thanks");

        TableStore again = new JpaTableStore(database.entityManagerFactory());

        assertThat(again.list("blocked")).containsExactly(new TableEntry("spammer@example.com", "REJECT no thanks"));
    }

    @Test
    void concurrentWritersOfTheSameNewKeysLoseNothing() throws Exception {
        TableStore store = createStore();
        int threads = 8;
        int keys = 50;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(executor.submit(() -> {
                    start.await();
                    for (int k = 0; k < keys; k++) {
                        store.put("shared", "key" + k, "thread " + thread);
                        store.put("own", "key" + thread + "-" + k, "OK");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(store.list("shared")).hasSize(keys);
        assertThat(store.tables().get("own").entries()).isEqualTo(threads * keys);
        assertThat(store.tables().get("shared").entries()).isEqualTo(keys);
    }

    @Test
    void refusesKeysAndValuesTooLongForTheColumn() {
        TableStore store = createStore();

        assertThatThrownBy(() -> store.put("blocked", "k".repeat(JpaTableStore.MAX_KEY_LENGTH + 1), "OK"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("blocked", "key", "x".repeat(JpaTableStore.MAX_VALUE_LENGTH + 1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list("blocked")).isEmpty();
    }

    @Test
    void acceptsTheLongestKeyAndValue() {
        TableStore store = createStore();
        String key = "k".repeat(JpaTableStore.MAX_KEY_LENGTH);
        String value = "REJECT " + "x".repeat(JpaTableStore.MAX_VALUE_LENGTH - 7);

        store.put("blocked", key, value);

        assertThat(store.get("blocked", key)).contains(value);
    }
}
