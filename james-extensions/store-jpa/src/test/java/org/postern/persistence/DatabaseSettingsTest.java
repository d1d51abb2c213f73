package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;

class DatabaseSettingsTest {

    private static BaseConfiguration file(String... pairs) {
        BaseConfiguration configuration = new BaseConfiguration();
        for (int i = 0; i < pairs.length; i += 2) {
            configuration.addProperty(pairs[i], pairs[i + 1]);
        }
        return configuration;
    }

    @Test
    void theShippedDerbyDefaultIsRead() {
        DatabaseSettings settings = DatabaseSettings.from(file(
            "database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver",
            "database.url", "jdbc:derby:/var/lib/postern/store/derby;create=true",
            "database.username", "app", "database.password", "app",
            "openjpa.jdbc.QuerySQLCache", "true"));

        assertThat(settings.vendor()).isEqualTo("derby");
        assertThat(settings.username()).contains("app");
        assertThat(settings.maxConnections()).isEmpty();
        assertThat(settings.openJpaProperties()).containsEntry("openjpa.jdbc.QuerySQLCache", "true");
    }

    @Test
    void postgresqlIsRecognised() {
        DatabaseSettings settings = DatabaseSettings.from(file(
            "database.driverClassName", "org.postgresql.Driver",
            "database.url", "jdbc:postgresql://127.0.0.1:5432/postern?password=secret",
            "datasource.maxTotal", "20"));

        assertThat(settings.vendor()).isEqualTo("postgresql");
        assertThat(settings.maxConnections()).contains(20);
        assertThat(settings.describe()).doesNotContain("secret");
    }

    @Test
    void missingKeysAndBadValuesNameTheFileAndKey() {
        assertThatThrownBy(() -> DatabaseSettings.from(file("database.url", "jdbc:derby:x")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("conf/james-database.properties: database.driverClassName is missing");
        assertThatThrownBy(() -> DatabaseSettings.from(file("database.driverClassName", "org.postgresql.Driver", "database.url", "postgres://x")))
            .hasMessage("conf/james-database.properties: database.url 'postgres://x' is not a JDBC URL (it must start with jdbc:)");
        assertThatThrownBy(() -> DatabaseSettings.from(file("database.driverClassName", "com.example.NoSuchDriver", "database.url", "jdbc:x:y")))
            .hasMessageStartingWith("conf/james-database.properties: database.driverClassName 'com.example.NoSuchDriver' is not on the classpath");
        assertThatThrownBy(() -> DatabaseSettings.from(file("database.driverClassName", "org.postgresql.Driver", "database.url", "jdbc:postgresql://h/d",
                "datasource.maxTotal", "many")))
            .hasMessage("conf/james-database.properties: datasource.maxTotal 'many' is not a positive integer");
    }
}
