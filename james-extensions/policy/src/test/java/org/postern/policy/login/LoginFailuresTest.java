package org.postern.policy.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;
import org.postern.testing.SettableClock;

class LoginFailuresTest {
    private final SettableClock clock = new SettableClock();

    private LoginFailures failures(Map<String, String> parameters) {
        return new LoginFailures(LoginFailureSettings.fromParameters("conf/policy.cf", parameters),
            new InMemoryLoginFailureStore(), clock);
    }

    @Test
    void theLimitBansTheAddressForTheBanTime() {
        LoginFailures failures = failures(Map.of("auth_failure_limit", "3", "auth_failure_ban_time", "15m"));
        assertThat(failures.failed("192.0.2.1", "imap", "alice")).isEmpty();
        assertThat(failures.failed("192.0.2.1", "pop3", "alice")).isEmpty();
        assertThat(failures.isBanned("192.0.2.1")).isFalse();
        assertThat(failures.failed("192.0.2.1", "submission", "bob")).contains(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(failures.isBanned("192.0.2.1")).isTrue();
        assertThat(failures.isBanned("192.0.2.2")).as("another address").isFalse();

        clock.advance(Duration.ofMinutes(15));
        assertThat(failures.isBanned("192.0.2.1")).isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        LoginFailures failures = failures(Map.of("auth_failure_limit", "3", "auth_failure_window", "1m"));
        failures.failed("192.0.2.1", "imap", "alice");
        failures.failed("192.0.2.1", "imap", "alice");
        clock.advance(Duration.ofSeconds(61));
        assertThat(failures.failed("192.0.2.1", "imap", "alice")).isEmpty();
        assertThat(failures.isBanned("192.0.2.1")).isFalse();
    }

    @Test
    void exceptionsAreNeverBanned() {
        LoginFailures failures = failures(Map.of("auth_failure_limit", "1", "auth_failure_exceptions", "192.0.2.0/24"));
        assertThat(failures.failed("192.0.2.1", "imap", "alice")).isEmpty();
        assertThat(failures.isBanned("192.0.2.1")).isFalse();
        assertThat(failures.failed("198.51.100.1", "imap", "alice")).isPresent();
    }

    @Test
    void aLimitOfZeroTurnsBansOff() {
        LoginFailures failures = failures(Map.of("auth_failure_limit", "0"));
        for (int i = 0; i < 100; i++) {
            assertThat(failures.failed("192.0.2.1", "imap", "alice")).isEmpty();
        }
        assertThat(failures.isBanned("192.0.2.1")).isFalse();
    }

    @Test
    void anIpv6ClientIsCountedWithItsWholeSlash64() {
        LoginFailures failures = failures(Map.of("auth_failure_limit", "2"));
        failures.failed("2001:db8:1:2::1", "imap", "alice");
        failures.failed("2001:db8:1:2:ffff::9", "imap", "alice");
        assertThat(failures.isBanned("2001:db8:1:2::77")).isTrue();
        assertThat(failures.isBanned("2001:db8:1:3::1")).isFalse();
        assertThat(failures.bans()).singleElement().satisfies(ban -> assertThat(ban.client()).endsWith("/64"));
    }

    @Test
    void liftingABanLetsTheAddressIn() {
        LoginFailures failures = failures(Map.of("auth_failure_limit", "1"));
        failures.failed("192.0.2.1", "webadmin", "admin");
        assertThat(failures.bans()).extracting(Ban::client).containsExactly("192.0.2.1");
        assertThat(failures.lift("192.0.2.1")).isTrue();
        assertThat(failures.isBanned("192.0.2.1")).isFalse();
        assertThat(failures.lift("192.0.2.1")).isFalse();
    }

    @Test
    void badSettingsStopStartupNamingTheParameter() {
        assertThatThrownBy(() -> failures(Map.of("auth_failure_window", "soon")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("conf/policy.cf: auth_failure_window: 'soon' is not a time");
        assertThatThrownBy(() -> failures(Map.of("auth_failure_limit", "5000")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("auth_failure_limit: must be between 0");
        assertThatThrownBy(() -> failures(Map.of("auth_failure_exceptions", "webmail.example.com")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("auth_failure_exceptions");
    }
}
