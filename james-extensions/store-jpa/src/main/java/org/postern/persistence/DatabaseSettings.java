package org.postern.persistence;

import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.postern.config.InvalidConfigurationException;

/**
 * The database connection read from {@code conf/james-database.properties}: the embedded Derby default,
 * or PostgreSQL / MariaDB by editing that one file. Parsed and checked once at startup.
 */
public final class DatabaseSettings {
    static final String FILE = "james-database.properties";

    private final String driverClassName;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<Integer> maxConnections;
    private final boolean testOnBorrow;
    private final Optional<String> validationQuery;
    private final Map<String, String> openJpaProperties;

    private DatabaseSettings(String driverClassName, String url, Optional<String> username, Optional<String> password,
                             Optional<Integer> maxConnections, boolean testOnBorrow, Optional<String> validationQuery,
                             Map<String, String> openJpaProperties) {
        this.driverClassName = driverClassName;
        this.url = url;
        this.username = username;
        this.password = password;
        this.maxConnections = maxConnections;
        this.testOnBorrow = testOnBorrow;
        this.validationQuery = validationQuery;
        this.openJpaProperties = Map.copyOf(openJpaProperties);
    }

    public static DatabaseSettings from(Configuration file) {
        String driver = required(file, "database.driverClassName");
        String url = required(file, "database.url");
        if (!url.startsWith("jdbc:")) {
            throw invalid("database.url", "'" + url + "' is not a JDBC URL (it must start with jdbc:)");
        }
        try {
            Class.forName(driver);
        } catch (ClassNotFoundException | LinkageError e) {
            throw invalid("database.driverClassName", "'" + driver + "' is not on the classpath"
                + " (shipped drivers: org.apache.derby.jdbc.EmbeddedDriver, org.postgresql.Driver, org.mariadb.jdbc.Driver)");
        }
        Optional<Integer> maxConnections = Optional.ofNullable(file.getString("datasource.maxTotal", null))
            .map(value -> positiveInteger("datasource.maxTotal", value));

        Map<String, String> openJpa = new LinkedHashMap<>();
        Iterator<String> keys = file.getKeys("openjpa");
        while (keys.hasNext()) {
            String key = keys.next();
            openJpa.put(key, file.getString(key));
        }
        return new DatabaseSettings(driver, url,
            optional(file, "database.username"), optional(file, "database.password"),
            maxConnections,
            booleanValue(file, "datasource.testOnBorrow"),
            optional(file, "datasource.validationQuery"),
            openJpa);
    }

    private static String required(Configuration file, String key) {
        return optional(file, key).orElseThrow(() -> invalid(key, "is missing"));
    }

    private static Optional<String> optional(Configuration file, String key) {
        return Optional.ofNullable(file.getString(key, null)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static boolean booleanValue(Configuration file, String key) {
        String value = optional(file, key).orElse("false");
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, "'" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static int positiveInteger(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "'" + value + "' is not a positive integer");
    }

    private static InvalidConfigurationException invalid(String key, String reason) {
        return new InvalidConfigurationException("conf/" + FILE + ": " + key + " " + reason);
    }

    public String driverClassName() {
        return driverClassName;
    }

    public String url() {
        return url;
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> password() {
        return password;
    }

    public Optional<Integer> maxConnections() {
        return maxConnections;
    }

    public boolean testOnBorrow() {
        return testOnBorrow;
    }

    public Optional<String> validationQuery() {
        return validationQuery;
    }

    public Map<String, String> openJpaProperties() {
        return openJpaProperties;
    }

    /** The kind of database for the startup summary: derby, postgresql, mariadb... */
    public String vendor() {
        String rest = url.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        return colon > 0 ? rest.substring(0, colon) : rest;
    }

    /** The URL without credentials that some drivers accept inline, for logs. */
    public String describe() {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
