package org.postern.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postern.policy.table.TableStore;
import org.postern.policy.table.TableStoreContract;

/** The store contract on PostgreSQL at 127.0.0.1 (skipped when it is not running), in a database of its own. */
class JpaTableStorePostgresqlTest extends TableStoreContract {
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.external("PostgreSQL", "org.postgresql.Driver", "jdbc:postgresql://127.0.0.1:5432/postgres", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "");
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected TableStore createStore() {
        return database.emptyStore();
    }
}
