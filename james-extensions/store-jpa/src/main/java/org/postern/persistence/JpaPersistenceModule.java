package org.postern.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.utils.PropertiesProvider;
import org.postern.config.InvalidConfigurationException;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.jpa.healthcheck.JPAHealthCheck;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.Provides;

/**
 * One JPA {@link EntityManagerFactory} for every store of the server (James does not publish its JPA
 * wiring for 3.8.1). The database is whatever {@code conf/james-database.properties} names.
 */
public class JpaPersistenceModule extends AbstractModule {
    private static final String PERSISTENCE_UNIT = "postern";
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    @Override
    protected void configure() {
        // GET /healthcheck reports the database too
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(JPAHealthCheck.class);
    }

    @Provides
    @Singleton
    DatabaseSettings databaseSettings(PropertiesProvider propertiesProvider) throws Exception {
        try {
            return DatabaseSettings.from(propertiesProvider.getConfiguration("james-database"));
        } catch (java.io.FileNotFoundException e) {
            throw new InvalidConfigurationException("conf/" + DatabaseSettings.FILE + " is missing: it names the database of the server");
        }
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(DatabaseSettings database) {
        checkConnection(database);
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", database.driverClassName());
        properties.put("openjpa.ConnectionURL", database.url());
        database.username().ifPresent(user -> properties.put("openjpa.ConnectionUserName", user));
        database.password().ifPresent(password -> properties.put("openjpa.ConnectionPassword", password));

        List<String> pool = new ArrayList<>();
        database.maxConnections().ifPresent(max -> pool.add("MaxTotal=" + max));
        if (database.testOnBorrow()) {
            pool.add("TestOnBorrow=true");
        }
        database.validationQuery().ifPresent(query -> pool.add("ValidationQuery='" + query + "'"));
        properties.put("openjpa.ConnectionProperties", String.join(",", pool));
        properties.put("openjpa.Multithreaded", "true");
        properties.putAll(database.openJpaProperties());
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
        RewriteTableSchema.upgrade(factory);
        return factory;
    }

    /**
     * OpenJPA connects lazily and reports a wrong URL or password deep inside the first query:
     * connect once here so the admin reads the database error at startup.
     */
    private static void checkConnection(DatabaseSettings database) {
        Properties credentials = new Properties();
        database.username().ifPresent(user -> credentials.setProperty("user", user));
        database.password().ifPresent(password -> credentials.setProperty("password", password));
        DriverManager.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        try (Connection connection = DriverManager.getConnection(database.url(), credentials)) {
            connection.getMetaData();
        } catch (SQLException e) {
            throw new InvalidConfigurationException("conf/" + DatabaseSettings.FILE + ": cannot connect to "
                + database.describe() + ": " + e.getMessage(), e);
        }
    }
}
