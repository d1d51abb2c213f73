package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists of many members in James's alias table, on a database created by the server and on one created with
 * James's 100-character column, on Derby, PostgreSQL and MariaDB (skipped, with the reason, when the server is
 * not running).
 */
class RewriteTableSchemaTest {
    private static final MappingSource LIST = MappingSource.fromUser("everyone", "example.com");
    private static final List<Mapping> MEMBERS = IntStream.range(0, 100)
        .mapToObj(i -> Mapping.address("member" + i + "@lists.example.com")).toList();

    @TempDir
    Path directory;

    private TestDatabase open(String product) {
        return switch (product) {
            case "derby" -> TestDatabase.derby(directory);
            case "postgresql" -> TestDatabase.external("PostgreSQL", "org.postgresql.Driver",
                "jdbc:postgresql://127.0.0.1:5432/postgres", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "");
            case "mariadb" -> TestDatabase.external("MariaDB", "org.mariadb.jdbc.Driver", "jdbc:mariadb://127.0.0.1:3306/",
                "jdbc:mariadb://127.0.0.1:3306/", "root", "");
            default -> throw new IllegalArgumentException(product);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql", "mariadb"})
    void aNewDatabaseHoldsAListOfAHundredMembers(String product) throws Exception {
        try (TestDatabase database = open(product)) {
            RewriteTableSchema.upgrade(database.entityManagerFactory());

            assertThat(width(database)).isEqualTo(RewriteTableSchema.TARGETS_LENGTH);
            assertThat(storeAndRead(database)).containsExactlyInAnyOrderElementsOf(MEMBERS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql", "mariadb"})
    void aDatabaseCreatedWithJamessColumnIsWidenedKeepingItsAliases(String product) throws Exception {
        try (TestDatabase database = open(product)) {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE JAMES_RECIPIENT_REWRITE (DOMAIN_NAME VARCHAR(100) NOT NULL, "
                    + "USER_NAME VARCHAR(100) NOT NULL, TARGET_ADDRESS VARCHAR(100) NOT NULL, PRIMARY KEY (DOMAIN_NAME, USER_NAME))");
                statement.executeUpdate("INSERT INTO JAMES_RECIPIENT_REWRITE VALUES ('example.com', 'bob', 'robert@example.com')");
            }
            assertThat(width(database)).isEqualTo(100);

            RewriteTableSchema.upgrade(database.entityManagerFactory());
            RewriteTableSchema.upgrade(database.entityManagerFactory());

            assertThat(width(database)).isEqualTo(RewriteTableSchema.TARGETS_LENGTH);
            JPARecipientRewriteTable table = new JPARecipientRewriteTable();
            table.setEntityManagerFactory(database.entityManagerFactory());
            assertThat(table.getStoredMappings(MappingSource.fromUser("bob", "example.com")).asStream())
                .containsExactly(Mapping.address("robert@example.com"));
            assertThat(storeAndRead(database)).containsExactlyInAnyOrderElementsOf(MEMBERS);
        }
    }

    private static List<Mapping> storeAndRead(TestDatabase database) throws Exception {
        JPARecipientRewriteTable table = new JPARecipientRewriteTable();
        table.setEntityManagerFactory(database.entityManagerFactory());
        for (Mapping member : MEMBERS) {
            table.addMapping(LIST, member);
        }
        JPARecipientRewriteTable another = new JPARecipientRewriteTable();
        another.setEntityManagerFactory(database.entityManagerFactory());
        return another.getStoredMappings(LIST).asStream().toList();
    }

    private static int width(TestDatabase database) throws Exception {
        try (Connection connection = database.connect()) {
            for (String table : new String[] {"JAMES_RECIPIENT_REWRITE", "james_recipient_rewrite"}) {
                String column = table.equals("JAMES_RECIPIENT_REWRITE") ? "TARGET_ADDRESS" : "target_address";
                try (ResultSet columns = connection.getMetaData().getColumns(connection.getCatalog(), null, table, column)) {
                    if (columns.next()) {
                        return columns.getInt("COLUMN_SIZE");
                    }
                }
            }
        }
        throw new AssertionError("no column TARGET_ADDRESS");
    }
}
