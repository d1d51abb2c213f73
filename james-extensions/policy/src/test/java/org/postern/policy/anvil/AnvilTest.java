package org.postern.policy.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.Networks;
import org.postern.testing.SettableClock;

class AnvilTest {
    private static final Networks NONE = Networks.parse("test", "mynetworks", "");

    private final SettableClock clock = new SettableClock();

    private Anvil anvil(Map<String, String> parameters) {
        return new Anvil(ClientLimits.fromParameters("policy.cf", parameters, NONE), clock);
    }

    @Test
    void theConnectionCountLimitCountsOpenConnectionsOnly() {
        Anvil anvil = anvil(Map.of("smtpd_client_connection_count_limit", "2"));
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.TOO_MANY_CONNECTIONS);
        assertThat(anvil.connect("192.0.2.2")).as("another client").isEqualTo(Anvil.Admission.ACCEPT);

        anvil.disconnect("192.0.2.1");
        anvil.disconnect("192.0.2.1");
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
    }

    @Test
    void theConnectionRateLimitRestartsAfterTheTimeUnit() {
        Anvil anvil = anvil(Map.of("smtpd_client_connection_rate_limit", "3", "anvil_rate_time_unit", "60s"));
        for (int i = 0; i < 3; i++) {
            assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
            anvil.disconnect("192.0.2.1");
        }
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.CONNECTION_RATE_EXCEEDED);
        anvil.disconnect("192.0.2.1");

        clock.advance(Duration.ofSeconds(59));
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.CONNECTION_RATE_EXCEEDED);
        anvil.disconnect("192.0.2.1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
    }

    @Test
    void messageRecipientAndAuthRatesAreCountedApart() {
        Anvil anvil = anvil(Map.of("smtpd_client_message_rate_limit", "2", "smtpd_client_recipient_rate_limit", "3",
            "smtpd_client_auth_rate_limit", "1"));
        assertThat(anvil.allowMessage("192.0.2.1")).isTrue();
        assertThat(anvil.allowMessage("192.0.2.1")).isTrue();
        assertThat(anvil.allowMessage("192.0.2.1")).isFalse();
        assertThat(anvil.allowRecipient("192.0.2.1")).isTrue();
        assertThat(anvil.allowRecipient("192.0.2.1")).isTrue();
        assertThat(anvil.allowRecipient("192.0.2.1")).isTrue();
        assertThat(anvil.allowRecipient("192.0.2.1")).isFalse();
        assertThat(anvil.allowAuth("192.0.2.1")).isTrue();
        assertThat(anvil.allowAuth("192.0.2.1")).isFalse();
        assertThat(anvil.rate("192.0.2.1", Anvil.Counter.RECIPIENTS)).isEqualTo(4);
    }

    @Test
    void zeroMeansNoLimitAsInPostfix() {
        Anvil anvil = anvil(Map.of("smtpd_client_connection_count_limit", "0"));
        for (int i = 0; i < 500; i++) {
            assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
            assertThat(anvil.allowMessage("192.0.2.1")).isTrue();
        }
    }

    @Test
    void postfixDefaultsLimitOnlyConcurrentConnections() {
        Anvil anvil = anvil(Map.of());
        for (int i = 0; i < ClientLimits.POSTFIX_CONNECTION_COUNT_LIMIT; i++) {
            assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.ACCEPT);
        }
        assertThat(anvil.connect("192.0.2.1")).isEqualTo(Anvil.Admission.TOO_MANY_CONNECTIONS);
    }

    @Test
    void exceptionsDefaultToMynetworks() {
        Networks mynetworks = Networks.parse("test", "mynetworks", "192.0.2.0/24");
        Anvil anvil = new Anvil(ClientLimits.fromParameters("policy.cf",
            Map.of("smtpd_client_connection_count_limit", "1"), mynetworks), clock);
        assertThat(anvil.connect("192.0.2.7")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(anvil.connect("192.0.2.7")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(anvil.connect("198.51.100.1")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(anvil.connect("198.51.100.1")).isEqualTo(Anvil.Admission.TOO_MANY_CONNECTIONS);

        Anvil explicit = new Anvil(ClientLimits.fromParameters("policy.cf", Map.of("smtpd_client_connection_count_limit", "1",
            "smtpd_client_event_limit_exceptions", "198.51.100.0/24"), mynetworks), clock);
        assertThat(explicit.connect("198.51.100.1")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(explicit.connect("198.51.100.1")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(explicit.connect("192.0.2.7")).isEqualTo(Anvil.Admission.ACCEPT);
        assertThat(explicit.connect("192.0.2.7")).isEqualTo(Anvil.Admission.TOO_MANY_CONNECTIONS);
    }

    @Test
    void badValuesStopStartupNamingTheParameter() {
        assertThatThrownBy(() -> anvil(Map.of("smtpd_client_connection_rate_limit", "many")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("policy.cf: smtpd_client_connection_rate_limit: 'many' is not a whole number");
        assertThatThrownBy(() -> anvil(Map.of("anvil_rate_time_unit", "0s")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("anvil_rate_time_unit");
        assertThatThrownBy(() -> anvil(Map.of("smtpd_client_event_limit_exceptions", "example.com")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("smtpd_client_event_limit_exceptions");
    }

    @Test
    void clientsAreForgottenOnceIdleSoMemoryFollowsRecentClients() {
        Anvil anvil = anvil(Map.of("smtpd_client_connection_rate_limit", "10"));
        for (int i = 0; i < 5000; i++) {
            String address = "10.0." + (i / 250) + "." + (i % 250);
            anvil.connect(address);
            anvil.disconnect(address);
        }
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 5000; i++) {
            anvil.connect("10.9.0.1");
            anvil.disconnect("10.9.0.1");
        }
        assertThat(anvil.remembered()).isLessThan(5000);
    }

    @Test
    void concurrentConnectionsAreCountedExactly() throws Exception {
        Anvil anvil = anvil(Map.of("smtpd_client_connection_count_limit", "100"));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(400);
        for (int i = 0; i < 400; i++) {
            threads.execute(() -> {
                if (anvil.connect("192.0.2.9") != Anvil.Admission.ACCEPT) {
                    refused.incrementAndGet();
                }
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        threads.shutdown();
        assertThat(refused.get()).isEqualTo(300);
        assertThat(anvil.openConnections("192.0.2.9")).isEqualTo(400);
    }
}
