package org.postern.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

import org.apache.openjpa.lib.jdbc.DelegatingConnection;
import org.apache.openjpa.persistence.OpenJPAPersistence;
import org.postern.policy.table.TableEntry;
import org.postern.policy.table.TableStore;

/**
 * The {@code db:} tables in the server's database (Derby, PostgreSQL or MariaDB), all in one SQL table
 * {@value #TABLE} keyed by table name and key, their kinds in {@value #KIND_TABLE}. Plain SQL through the server's {@link EntityManagerFactory}
 * (its connection pool), no entity class: the persistence unit only holds James's build-time-enhanced
 * entities. The SQL table is created at construction when missing, in SQL every supported database
 * understands; its existence is checked through JDBC metadata because Derby has no {@code IF NOT EXISTS}.
 */
public final class JpaTableStore implements TableStore {
    static final String TABLE = "POSTERN_LOOKUP_ENTRY";
    /** Longest key: an address is at most 254 characters; room for CIDR and domain keys to spare. */
    static final int MAX_KEY_LENGTH = 512;
    static final int MAX_VALUE_LENGTH = 2000;

    private static final String CREATE = "CREATE TABLE " + TABLE + " ("
        + "TABLE_NAME VARCHAR(64) NOT NULL, "
        + "ENTRY_KEY VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL, "
        + "ENTRY_VALUE VARCHAR(" + MAX_VALUE_LENGTH + ") NOT NULL, "
        + "PRIMARY KEY (TABLE_NAME, ENTRY_KEY))";
    private static final String SELECT_TABLE = "SELECT ENTRY_KEY, ENTRY_VALUE FROM " + TABLE + " WHERE TABLE_NAME = ?1";
    private static final String SELECT_VALUE = "SELECT ENTRY_VALUE FROM " + TABLE + " WHERE TABLE_NAME = ?1 AND ENTRY_KEY = ?2";
    private static final String UPDATE = "UPDATE " + TABLE + " SET ENTRY_VALUE = ?1 WHERE TABLE_NAME = ?2 AND ENTRY_KEY = ?3";
    private static final String INSERT = "INSERT INTO " + TABLE + " (TABLE_NAME, ENTRY_KEY, ENTRY_VALUE) VALUES (?1, ?2, ?3)";
    private static final String COUNT_BY_TABLE = "SELECT TABLE_NAME, COUNT(*) FROM " + TABLE + " GROUP BY TABLE_NAME";
    private static final String DELETE = "DELETE FROM " + TABLE + " WHERE TABLE_NAME = ?1 AND ENTRY_KEY = ?2";
    private static final String DELETE_TABLE = "DELETE FROM " + TABLE + " WHERE TABLE_NAME = ?1";
    private static final String COUNT_TABLE = "SELECT COUNT(*) FROM " + TABLE + " WHERE TABLE_NAME = ?1";

    static final String KIND_TABLE = "POSTERN_LOOKUP_TABLE";
    private static final String CREATE_KINDS = "CREATE TABLE " + KIND_TABLE + " ("
        + "TABLE_NAME VARCHAR(64) NOT NULL, "
        + "TABLE_KIND VARCHAR(32) NOT NULL, "
        + "PRIMARY KEY (TABLE_NAME))";
    private static final String SELECT_KIND = "SELECT TABLE_KIND FROM " + KIND_TABLE + " WHERE TABLE_NAME = ?1";
    private static final String SELECT_KINDS = "SELECT TABLE_NAME, TABLE_KIND FROM " + KIND_TABLE;
    private static final String UPDATE_KIND = "UPDATE " + KIND_TABLE + " SET TABLE_KIND = ?1 WHERE TABLE_NAME = ?2";
    private static final String INSERT_KIND = "INSERT INTO " + KIND_TABLE + " (TABLE_NAME, TABLE_KIND) VALUES (?1, ?2)";
    private static final String DELETE_KIND = "DELETE FROM " + KIND_TABLE + " WHERE TABLE_NAME = ?1";

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public JpaTableStore(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
        createTableIfMissing(TABLE, CREATE);
        createTableIfMissing(KIND_TABLE, CREATE_KINDS);
    }

    @Override
    public List<TableEntry> list(String table) {
        String name = TableStore.checkedTableName(table);
        // sorted here, not by ORDER BY: database collations disagree with each other and with String order
        return read(entityManager -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(SELECT_TABLE).setParameter(1, name).getResultList();
            return rows.stream()
                .map(row -> new TableEntry((String) row[0], (String) row[1]))
                .sorted(Comparator.comparing(TableEntry::key))
                .toList();
        });
    }

    @Override
    public Optional<String> get(String table, String key) {
        String name = TableStore.checkedTableName(table);
        String normalizedKey = TableStore.normalizedKey(key);
        return read(entityManager -> {
            @SuppressWarnings("unchecked")
            List<Object> values = entityManager.createNativeQuery(SELECT_VALUE)
                .setParameter(1, name).setParameter(2, normalizedKey).getResultList();
            return values.stream().findFirst().map(String.class::cast);
        });
    }

    @Override
    public void put(String table, String key, String value) {
        String name = TableStore.checkedTableName(table);
        String normalizedKey = checkedLength("key", TableStore.writableKey(key), MAX_KEY_LENGTH);
        String checkedValue = checkedLength("value", TableStore.checkedValue(value), MAX_VALUE_LENGTH);
        try {
            upsert(name, normalizedKey, checkedValue);
        } catch (PersistenceException e) {
            // another writer inserted the same new key between our UPDATE and INSERT: now it is an update
            upsert(name, normalizedKey, checkedValue);
        }
    }

    @Override
    public boolean delete(String table, String key) {
        String name = TableStore.checkedTableName(table);
        String normalizedKey = TableStore.normalizedKey(key);
        return write(entityManager -> entityManager.createNativeQuery(DELETE)
            .setParameter(1, name).setParameter(2, normalizedKey).executeUpdate() > 0);
    }

    @Override
    public void write(String table, List<TableEntry> entries, boolean replace) {
        String name = TableStore.checkedTableName(table);
        Map<String, String> checked = new LinkedHashMap<>();
        for (TableEntry entry : entries) {
            checked.put(checkedLength("key", TableStore.writableKey(entry.key()), MAX_KEY_LENGTH),
                checkedLength("value", TableStore.checkedValue(entry.value()), MAX_VALUE_LENGTH));
        }
        write(entityManager -> {
            if (replace) {
                entityManager.createNativeQuery(DELETE_TABLE).setParameter(1, name).executeUpdate();
            }
            checked.forEach((key, value) -> {
                int updated = replace ? 0 : entityManager.createNativeQuery(UPDATE)
                    .setParameter(1, value).setParameter(2, name).setParameter(3, key).executeUpdate();
                if (updated == 0) {
                    entityManager.createNativeQuery(INSERT)
                        .setParameter(1, name).setParameter(2, key).setParameter(3, value).executeUpdate();
                }
            });
            return null;
        });
    }

    @Override
    public Optional<String> kind(String table) {
        String name = TableStore.checkedTableName(table);
        return read(entityManager -> {
            @SuppressWarnings("unchecked")
            List<Object> kinds = entityManager.createNativeQuery(SELECT_KIND).setParameter(1, name).getResultList();
            return kinds.stream().findFirst().map(String.class::cast);
        });
    }

    @Override
    public void declare(String table, String kind) {
        String name = TableStore.checkedTableName(table);
        String checkedKind = TableStore.checkedKindName(kind);
        try {
            declareOnce(name, checkedKind);
        } catch (PersistenceException e) {
            // another node declared it between our read and our insert: judge again against its kind
            declareOnce(name, checkedKind);
        }
    }

    private void declareOnce(String name, String kind) {
        write(entityManager -> {
            @SuppressWarnings("unchecked")
            List<Object> declared = entityManager.createNativeQuery(SELECT_KIND).setParameter(1, name).getResultList();
            if (declared.isEmpty()) {
                entityManager.createNativeQuery(INSERT_KIND).setParameter(1, name).setParameter(2, kind).executeUpdate();
                return null;
            }
            String current = (String) declared.get(0);
            if (!current.equals(kind)) {
                long entries = ((Number) entityManager.createNativeQuery(COUNT_TABLE).setParameter(1, name)
                    .getSingleResult()).longValue();
                if (entries > 0) {
                    throw TableStore.kindConflict(name, kind, current);
                }
                entityManager.createNativeQuery(UPDATE_KIND).setParameter(1, kind).setParameter(2, name).executeUpdate();
            }
            return null;
        });
    }

    @Override
    public SortedMap<String, TableSummary> tables() {
        return read(entityManager -> {
            @SuppressWarnings("unchecked")
            List<Object[]> kinds = entityManager.createNativeQuery(SELECT_KINDS).getResultList();
            @SuppressWarnings("unchecked")
            List<Object[]> sizes = entityManager.createNativeQuery(COUNT_BY_TABLE).getResultList();
            Map<String, String> kindOf = new HashMap<>();
            kinds.forEach(row -> kindOf.put((String) row[0], (String) row[1]));
            SortedMap<String, TableSummary> summaries = new TreeMap<>();
            kindOf.forEach((name, kind) -> summaries.put(name, new TableSummary(Optional.of(kind), 0)));
            sizes.forEach(row -> summaries.put((String) row[0],
                new TableSummary(Optional.ofNullable(kindOf.get((String) row[0])), ((Number) row[1]).intValue())));
            return summaries;
        });
    }

    @Override
    public boolean drop(String table) {
        String name = TableStore.checkedTableName(table);
        return write(entityManager -> {
            int entries = entityManager.createNativeQuery(DELETE_TABLE).setParameter(1, name).executeUpdate();
            int kinds = entityManager.createNativeQuery(DELETE_KIND).setParameter(1, name).executeUpdate();
            return entries + kinds > 0;
        });
    }

    private void upsert(String name, String key, String value) {
        write(entityManager -> {
            int updated = entityManager.createNativeQuery(UPDATE)
                .setParameter(1, value).setParameter(2, name).setParameter(3, key).executeUpdate();
            if (updated == 0) {
                entityManager.createNativeQuery(INSERT)
                    .setParameter(1, name).setParameter(2, key).setParameter(3, value).executeUpdate();
            }
            return null;
        });
    }

    private static String checkedLength(String what, String text, int max) {
        if (text.length() > max) {
            throw new IllegalArgumentException("the " + what + " is too long: " + text.length()
                + " characters, at most " + max);
        }
        return text;
    }

    private <T> T read(Function<EntityManager, T> query) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return query.apply(entityManager);
        } finally {
            entityManager.close();
        }
    }

    private <T> T write(Function<EntityManager, T> statements) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        EntityTransaction transaction = entityManager.getTransaction();
        try {
            transaction.begin();
            T result = statements.apply(entityManager);
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            entityManager.close();
        }
    }

    private void createTableIfMissing(String table, String create) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            Connection connection = (Connection) OpenJPAPersistence.cast(entityManager).getConnection();
            try {
                if (!exists(connection, table)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate(create);
                    } catch (SQLException e) {
                        // another node may have created it meanwhile
                        if (!exists(connection, table)) {
                            throw e;
                        }
                    }
                    if (!connection.getAutoCommit()) {
                        connection.commit();
                    }
                }
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the SQL table " + table + " of db: tables: " + e.getMessage(), e);
        } finally {
            entityManager.close();
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String name = metadata.storesLowerCaseIdentifiers() ? table.toLowerCase(java.util.Locale.ROOT) : table;
        try (ResultSet tables = metadata.getTables(connection.getCatalog(), schema(connection), name, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    private static String schema(Connection connection) {
        // OpenJPA's connection wrapper does not pass getSchema() on
        Connection database = connection instanceof DelegatingConnection delegating
            ? delegating.getInnermostDelegate() : connection;
        try {
            return database.getSchema();
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            return null;
        }
    }
}
