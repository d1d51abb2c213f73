package org.postern.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postern.policy.table.TableStore;
import org.postern.policy.table.TableStoreContract;

/** The store contract on MariaDB at 127.0.0.1 (skipped when it is not running), in a database of its own. */
class JpaTableStoreMariadbTest extends TableStoreContract {
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.external("MariaDB", "org.mariadb.jdbc.Driver", "jdbc:mariadb://127.0.0.1:3306/", "jdbc:mariadb://127.0.0.1:3306/", "root", "");
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
