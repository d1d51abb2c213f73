package org.postern.policy.anvil;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Postfix's anvil(8) for one SMTP server: per client address, the connections open now and the
 * connections, MAIL FROM, RCPT TO and AUTH commands of the current time unit ({@link ClientLimits}), and
 * whether the next one is over a limit. As in Postfix, a client's counting window starts at its first event
 * and all its rates restart together when {@code anvil_rate_time_unit} has passed; an exempt client
 * ({@code smtpd_client_event_limit_exceptions}) is never counted. Thread-safe: all the server's
 * connections share one instance. Clients with nothing open and an expired window are forgotten, so the
 * memory held follows the clients of the last time unit.
 */
public final class Anvil {
    /** Forget idle clients every this many events. */
    private static final int SWEEP_INTERVAL = 4096;

    /** What a connection from a client is allowed to do. */
    public enum Admission {
        ACCEPT,
        /** {@code smtpd_client_connection_count_limit} exceeded. */
        TOO_MANY_CONNECTIONS,
        /** {@code smtpd_client_connection_rate_limit} exceeded. */
        CONNECTION_RATE_EXCEEDED
    }

    private final ClientLimits limits;
    private final Clock clock;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger eventsSinceSweep = new AtomicInteger();

    public Anvil(ClientLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public ClientLimits limits() {
        return limits;
    }

    /**
     * A client connected. Unless the answer is {@link Admission#ACCEPT} the caller refuses the connection,
     * which still counts as open until {@link #disconnect(String)}, as in Postfix.
     */
    public Admission connect(String address) {
        if (limits.isExempt(address)) {
            return Admission.ACCEPT;
        }
        Admission[] admission = new Admission[1];
        update(address, client -> {
            client.open++;
            int connections = client.increment(Counter.CONNECTIONS);
            if (limits.connectionCountLimit() > 0 && client.open > limits.connectionCountLimit()) {
                admission[0] = Admission.TOO_MANY_CONNECTIONS;
            } else if (limits.connectionRateLimit() > 0 && connections > limits.connectionRateLimit()) {
                admission[0] = Admission.CONNECTION_RATE_EXCEEDED;
            } else {
                admission[0] = Admission.ACCEPT;
            }
        });
        return admission[0];
    }

    /** A connection counted by {@link #connect(String)} ended, whatever the admission was. */
    public void disconnect(String address) {
        if (!limits.isExempt(address)) {
            clients.computeIfPresent(address, (key, client) -> {
                client.open = Math.max(0, client.open - 1);
                return client;
            });
        }
    }

    /** A MAIL FROM: false when it goes over {@code smtpd_client_message_rate_limit}. */
    public boolean allowMessage(String address) {
        return allow(address, limits.messageRateLimit(), Counter.MESSAGES);
    }

    /** A RCPT TO: false when it goes over {@code smtpd_client_recipient_rate_limit}. */
    public boolean allowRecipient(String address) {
        return allow(address, limits.recipientRateLimit(), Counter.RECIPIENTS);
    }

    /** An AUTH command: false when it goes over {@code smtpd_client_auth_rate_limit}. */
    public boolean allowAuth(String address) {
        return allow(address, limits.authRateLimit(), Counter.AUTHS);
    }

    /** The events of one kind counted for a client in its current window (0 when none), for logs. */
    public int rate(String address, Counter counter) {
        Client client = clients.get(address);
        return client == null ? 0 : client.count(counter);
    }

    /** Open connections of a client. */
    public int openConnections(String address) {
        Client client = clients.get(address);
        return client == null ? 0 : client.open;
    }

    /** What is counted per time unit. */
    public enum Counter {
        CONNECTIONS, MESSAGES, RECIPIENTS, AUTHS
    }

    private boolean allow(String address, int limit, Counter counter) {
        if (limit <= 0 || limits.isExempt(address)) {
            return true;
        }
        int[] count = new int[1];
        update(address, client -> count[0] = client.increment(counter));
        return count[0] <= limit;
    }

    /**
     * Applies {@code change} to the client's state atomically, its window restarted first when the time
     * unit has passed.
     */
    private void update(String address, Consumer<Client> change) {
        Instant now = clock.instant();
        if (eventsSinceSweep.incrementAndGet() >= SWEEP_INTERVAL) {
            eventsSinceSweep.set(0);
            sweep(now);
        }
        clients.compute(address, (key, existing) -> {
            Client client = existing == null ? new Client(now) : existing;
            if (!now.isBefore(client.windowStart.plus(limits.rateTimeUnit()))) {
                client.restart(now);
            }
            change.accept(client);
            return client;
        });
    }

    private void sweep(Instant now) {
        Duration unit = limits.rateTimeUnit();
        for (String address : clients.keySet()) {
            clients.computeIfPresent(address, (key, client) ->
                client.open == 0 && !now.isBefore(client.windowStart.plus(unit)) ? null : client);
        }
    }

    /** Number of clients remembered, for tests of the memory bound. */
    int remembered() {
        return clients.size();
    }

    /** One client's counters; changed only inside the map's atomic compute of its entry. */
    private static final class Client {
        private Instant windowStart;
        private volatile int open;
        private final int[] counts = new int[Counter.values().length];

        private Client(Instant windowStart) {
            this.windowStart = windowStart;
        }

        private void restart(Instant now) {
            windowStart = now;
            java.util.Arrays.fill(counts, 0);
        }

        private int increment(Counter counter) {
            return ++counts[counter.ordinal()];
        }

        private int count(Counter counter) {
            return counts[counter.ordinal()];
        }
    }
}
