package org.postern.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.junit.jupiter.api.Assumptions;

/**
 * A database for the store tests, opened through the server's own persistence unit: an embedded Derby in a
 * directory, or a fresh database on the PostgreSQL / MariaDB server of the machine (the test is skipped,
 * with the reason, when that server is not there), dropped at {@link #close()}.
 */
final class TestDatabase implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final EntityManagerFactory entityManagerFactory;
    private final Runnable drop;

    private TestDatabase(String driver, String url, String user, String password, Runnable drop) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", driver);
        properties.put("openjpa.ConnectionURL", url);
        if (user != null) {
            properties.put("openjpa.ConnectionUserName", user);
            properties.put("openjpa.ConnectionPassword", password);
        }
        properties.put("openjpa.Multithreaded", "true");
        this.entityManagerFactory = Persistence.createEntityManagerFactory("postern", properties);
    }

    static TestDatabase derby(Path directory) {
        System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        return new TestDatabase("org.apache.derby.jdbc.EmbeddedDriver",
            "jdbc:derby:" + directory.resolve("derby").toAbsolutePath() + ";create=true", null, null, () -> { });
    }

    /** A new database on the server at {@code serverUrl} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/}). */
    static TestDatabase external(String product, String driver, String adminUrl, String serverUrl, String user,
                                 String password) {
        String name = "postern_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DriverManager.setLoginTimeout(5);
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Assumptions.abort(product + " is not reachable at " + adminUrl + " as " + user + " (" + e.getMessage()
                + "): start it to run this test");
        }
        return new TestDatabase(driver, serverUrl + name, user, password, () -> {
            try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A plain JDBC connection to the database, beside OpenJPA's. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    /** A store over this database, with no entries. */
    JpaTableStore emptyStore() {
        JpaTableStore store = new JpaTableStore(entityManagerFactory);
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + JpaTableStore.TABLE);
            statement.executeUpdate("DELETE FROM " + JpaTableStore.KIND_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    @Override
    public void close() {
        entityManagerFactory.close();
        drop.run();
    }
}
