package org.postern.policy.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryLoginFailureStoreTest extends LoginFailureStoreContract {

    @Override
    protected LoginFailureStore store() {
        return new InMemoryLoginFailureStore();
    }

    @Test
    void clientsWithOnlyExpiredFailuresAreForgotten() {
        InMemoryLoginFailureStore store = new InMemoryLoginFailureStore();
        for (int i = 0; i < 3000; i++) {
            store.recordFailure("10.1." + (i / 250) + "." + (i % 250), T0, T0.minusSeconds(600));
        }
        for (int i = 0; i < 3000; i++) {
            store.recordFailure("10.2.0.1", T0.plusSeconds(700), T0.plusSeconds(100));
        }
        assertThat(store.remembered()).isLessThan(3000);
    }

    @Test
    void aClientKeepsABoundedNumberOfFailures() {
        InMemoryLoginFailureStore store = new InMemoryLoginFailureStore();
        int count = 0;
        for (int i = 0; i < 5000; i++) {
            count = store.recordFailure("10.3.0.1", T0, T0.minusSeconds(600));
        }
        assertThat(count).isEqualTo(LoginFailureSettings.MAX_LIMIT);
    }
}
