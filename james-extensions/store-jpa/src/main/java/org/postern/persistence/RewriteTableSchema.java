package org.postern.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.OptionalInt;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's alias table keeps every target of one address in one {@code TARGET_ADDRESS} column, joined with
 * {@code ;}, which James declares 100 characters wide: a list of five members does not fit. Postern declares it
 * {@value #TARGETS_LENGTH} wide ({@code META-INF/postern-orm.xml}); OpenJPA creates new tables so but never
 * widens a column, so a database created narrower is widened here, once, at startup.
 */
final class RewriteTableSchema {
    static final int TARGETS_LENGTH = 8000;
    static final String TABLE = "JAMES_RECIPIENT_REWRITE";
    static final String COLUMN = "TARGET_ADDRESS";
    private static final Logger LOGGER = LoggerFactory.getLogger(RewriteTableSchema.class);

    private RewriteTableSchema() {
    }

    static void upgrade(EntityManagerFactory entityManagerFactory) {
        // the first entity manager has OpenJPA create the tables that are missing
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        EntityTransaction transaction = entityManager.getTransaction();
        try {
            transaction.begin();
            Connection connection = entityManager.unwrap(Connection.class);
            DatabaseMetaData metaData = connection.getMetaData();
            OptionalInt width = width(connection, metaData);
            if (width.isEmpty() || width.getAsInt() >= TARGETS_LENGTH) {
                transaction.commit();
                return;
            }
            String product = metaData.getDatabaseProductName();
            entityManager.createNativeQuery(widening(product)).executeUpdate();
            transaction.commit();
            LOGGER.info("{}.{} widened from {} to {} characters (the targets of one alias)", TABLE, COLUMN,
                width.getAsInt(), TARGETS_LENGTH);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the width of " + TABLE + "." + COLUMN + ": " + e.getMessage(), e);
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            entityManager.close();
        }
    }

    /** The column's width, in whichever case the database keeps unquoted names; empty when there is no such table. */
    private static OptionalInt width(Connection connection, DatabaseMetaData metaData) throws SQLException {
        for (String table : new String[] {TABLE, TABLE.toLowerCase(Locale.ROOT)}) {
            String column = table.equals(TABLE) ? COLUMN : COLUMN.toLowerCase(Locale.ROOT);
            // the catalog is the current database on MariaDB, where another database may hold a table of that name
            try (ResultSet columns = metaData.getColumns(connection.getCatalog(), null, table, column)) {
                if (columns.next()) {
                    return OptionalInt.of(columns.getInt("COLUMN_SIZE"));
                }
            }
        }
        return OptionalInt.empty();
    }

    static String widening(String product) {
        String type = "VARCHAR(" + TARGETS_LENGTH + ")";
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("derby")) {
            return "ALTER TABLE " + TABLE + " ALTER COLUMN " + COLUMN + " SET DATA TYPE " + type;
        }
        if (name.contains("postgres")) {
            return "ALTER TABLE " + TABLE + " ALTER COLUMN " + COLUMN + " TYPE " + type;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return "ALTER TABLE " + TABLE + " MODIFY " + COLUMN + " " + type + " NOT NULL";
        }
        throw new IllegalStateException(TABLE + "." + COLUMN + " is narrower than " + TARGETS_LENGTH
            + " characters and Postern does not know how to widen it on " + product + ": do it by hand");
    }
}
