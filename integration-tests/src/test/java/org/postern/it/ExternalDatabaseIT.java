package org.postern.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The restart test on PostgreSQL and MariaDB, switched by editing conf/james-database.properties
 * only. Each test creates a fresh database on the server running on 127.0.0.1 and drops it afterwards.
 * Where the database server is not reachable the test is skipped, visibly, with the reason.
 */
class ExternalDatabaseIT {

    @Test
    void postgresql() throws SQLException {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        runOn("PostgreSQL", admin, "postgres", "", "org.postgresql.Driver", "jdbc:postgresql://127.0.0.1:5432/");
    }

    @Test
    void mariadb() throws SQLException {
        String admin = "jdbc:mariadb://127.0.0.1:3306/";
        runOn("MariaDB", admin, "root", "", "org.mariadb.jdbc.Driver", "jdbc:mariadb://127.0.0.1:3306/");
    }

    private static void runOn(String product, String adminUrl, String user, String password, String driver, String urlPrefix)
        throws SQLException {
        Connection adminConnection = connectOrSkip(product, adminUrl, user, password);
        String database = "postern_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (adminConnection; Statement statement = adminConnection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            try {
                String properties = "database.driverClassName=" + driver + "\n"
                    + "database.url=" + urlPrefix + database + "\n"
                    + "database.username=" + user + "\n"
                    + "database.password=" + password + "\n";
                PersistenceScenario scenario = new PersistenceScenario();
                try (PosternProcess server = PosternProcess.builder()
                        .confFile("james-database.properties", properties)
                        .build()
                        .start()) {
                    org.assertj.core.api.Assertions.assertThat(server.currentRunLog()).contains("database " + urlPrefix.split(":")[1]);
                    scenario.populate(server);

                    server.restart();

                    scenario.verify(server);
                }
            } finally {
                statement.execute("DROP DATABASE " + database);
            }
        }
    }

    private static Connection connectOrSkip(String product, String url, String user, String password) {
        DriverManager.setLoginTimeout(5);
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            Assumptions.abort(product + " is not reachable at " + url + " as " + user + " (" + e.getMessage()
                + "): start it to run this test; CI provides it");
            throw new IllegalStateException("unreachable");
        }
    }
}
