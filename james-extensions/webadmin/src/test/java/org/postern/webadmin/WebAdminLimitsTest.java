package org.postern.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;

class WebAdminLimitsTest {

    private static WebAdminLimits limits(String... keysAndValues) {
        BaseConfiguration configuration = new BaseConfiguration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return WebAdminLimits.from(configuration);
    }

    @Test
    void defaultsAreOneMegabyteAndEightCharacters() {
        WebAdminLimits limits = limits();
        assertThat(limits.bodyLimit("/users/a@b.test")).isEqualTo(1024 * 1024);
        assertThat(limits.passwordMinimumLength()).isEqualTo(8);
    }

    @Test
    void routeLimitsTakeTheLongestMatchingPrefix() {
        WebAdminLimits limits = limits("request.body.limit", "64K", "request.body.limit.routes", "/sieve=4M, /sieve/big=8M");
        assertThat(limits.bodyLimit("/domains")).isEqualTo(64 * 1024);
        assertThat(limits.bodyLimit("/sieve/alice@b.test/scripts/x")).isEqualTo(4L * 1024 * 1024);
        assertThat(limits.bodyLimit("/sieve/big/x")).isEqualTo(8L * 1024 * 1024);
        assertThat(limits.bodyLimit("/sievewhatever")).as("a prefix is a whole path segment").isEqualTo(64 * 1024);
    }

    @Test
    void badValuesStopStartupNamingTheKey() {
        assertThatThrownBy(() -> limits("request.body.limit", "lots"))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("conf/webadmin.properties: request.body.limit: 'lots'");
        assertThatThrownBy(() -> limits("request.body.limit.routes", "sieve:4M"))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("request.body.limit.routes");
        assertThatThrownBy(() -> limits("users.password.minimum.length", "0"))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("users.password.minimum.length");
    }
}
