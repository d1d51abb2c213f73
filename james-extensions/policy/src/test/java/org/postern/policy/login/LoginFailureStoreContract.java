package org.postern.policy.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** What every {@link LoginFailureStore} must do; each backend's test extends this. */
public abstract class LoginFailureStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract LoginFailureStore store();

    @Test
    void failuresAreCountedPerClientWithinTheWindow() {
        LoginFailureStore store = store();
        assertThat(store.recordFailure("192.0.2.1", T0, T0.minusSeconds(600))).isEqualTo(1);
        assertThat(store.recordFailure("192.0.2.1", T0.plusSeconds(1), T0.minusSeconds(599))).isEqualTo(2);
        assertThat(store.recordFailure("192.0.2.2", T0.plusSeconds(2), T0.minusSeconds(598))).isEqualTo(1);
        assertThat(store.recordFailure("192.0.2.1", T0.plusSeconds(601), T0.plusSeconds(1))).as("the first one expired")
            .isEqualTo(2);
    }

    @Test
    void aBanHoldsUntilItsEnd() {
        LoginFailureStore store = store();
        store.recordFailure("192.0.2.1", T0, T0.minusSeconds(600));
        store.ban("192.0.2.1", T0.plus(Duration.ofMinutes(30)));
        assertThat(store.bannedUntil("192.0.2.1", T0.plusSeconds(10))).contains(T0.plus(Duration.ofMinutes(30)));
        assertThat(store.bannedUntil("192.0.2.2", T0.plusSeconds(10))).isEmpty();
        assertThat(store.bannedUntil("192.0.2.1", T0.plus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(store.bans(T0.plusSeconds(10))).singleElement()
            .satisfies(ban -> {
                assertThat(ban.client()).isEqualTo("192.0.2.1");
                assertThat(ban.failures()).isEqualTo(1);
            });
        assertThat(store.bans(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void aBanStartsTheCountAgain() {
        LoginFailureStore store = store();
        store.recordFailure("192.0.2.1", T0, T0.minusSeconds(600));
        store.recordFailure("192.0.2.1", T0, T0.minusSeconds(600));
        store.ban("192.0.2.1", T0.plusSeconds(60));
        assertThat(store.recordFailure("192.0.2.1", T0.plusSeconds(61), T0.minusSeconds(539))).isEqualTo(1);
    }

    @Test
    void liftingForgetsBanAndFailures() {
        LoginFailureStore store = store();
        store.recordFailure("192.0.2.1", T0, T0.minusSeconds(600));
        store.ban("192.0.2.1", T0.plusSeconds(600));
        assertThat(store.lift("192.0.2.1")).isTrue();
        assertThat(store.bannedUntil("192.0.2.1", T0)).isEmpty();
        assertThat(store.bans(T0)).isEmpty();
        assertThat(store.lift("192.0.2.1")).isFalse();
        assertThat(store.recordFailure("192.0.2.1", T0, T0.minusSeconds(600))).isEqualTo(1);
    }

    @Test
    void bansAreListedSoonestEndingFirst() {
        LoginFailureStore store = store();
        store.ban("192.0.2.2", T0.plusSeconds(200));
        store.ban("192.0.2.1", T0.plusSeconds(100));
        assertThat(store.bans(T0)).extracting(Ban::client).containsExactly("192.0.2.1", "192.0.2.2");
    }
}
