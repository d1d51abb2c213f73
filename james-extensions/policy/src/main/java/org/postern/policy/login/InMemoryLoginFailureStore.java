package org.postern.policy.login;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed logins and bans of one server, in memory. Each client keeps at most
 * {@link LoginFailureSettings#MAX_LIMIT} failure times; clients whose failures have all expired and who are
 * not banned are forgotten as new failures come in, so an attacker from many addresses costs memory only
 * for the failures of the current window.
 */
public final class InMemoryLoginFailureStore implements LoginFailureStore {
    private static final int SWEEP_INTERVAL = 1024;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    /** One client's failures and ban, guarded by its own monitor. */
    private static final class Client {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant bannedUntil;
        private int bannedFailures;
    }

    @Override
    public int recordFailure(String client, Instant at, Instant since) {
        if (sinceSweep.incrementAndGet() >= SWEEP_INTERVAL) {
            sinceSweep.set(0);
            sweep(at, since);
        }
        int[] count = new int[1];
        clients.compute(client, (key, existing) -> {
            Client state = existing == null ? new Client() : existing;
            synchronized (state) {
                dropBefore(state, since);
                state.failures.addLast(at);
                while (state.failures.size() > LoginFailureSettings.MAX_LIMIT) {
                    state.failures.removeFirst();
                }
                count[0] = state.failures.size();
            }
            return state;
        });
        return count[0];
    }

    @Override
    public void ban(String client, Instant until) {
        clients.compute(client, (key, existing) -> {
            Client state = existing == null ? new Client() : existing;
            synchronized (state) {
                state.bannedFailures = state.failures.size();
                state.failures.clear();
                state.bannedUntil = until;
            }
            return state;
        });
    }

    @Override
    public Optional<Instant> bannedUntil(String client, Instant now) {
        Client state = clients.get(client);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return state.bannedUntil != null && state.bannedUntil.isAfter(now) ? Optional.of(state.bannedUntil) : Optional.empty();
        }
    }

    @Override
    public boolean lift(String client) {
        return clients.remove(client) != null;
    }

    @Override
    public List<Ban> bans(Instant now) {
        return clients.entrySet().stream()
            .map(entry -> {
                Client state = entry.getValue();
                synchronized (state) {
                    return state.bannedUntil != null && state.bannedUntil.isAfter(now)
                        ? new Ban(entry.getKey(), state.bannedUntil, state.bannedFailures) : null;
                }
            })
            .filter(java.util.Objects::nonNull)
            .sorted(Comparator.comparing(Ban::until).thenComparing(Ban::client))
            .toList();
    }

    private static void dropBefore(Client state, Instant since) {
        while (!state.failures.isEmpty() && state.failures.peekFirst().isBefore(since)) {
            state.failures.removeFirst();
        }
    }

    private void sweep(Instant now, Instant since) {
        for (String client : clients.keySet()) {
            clients.computeIfPresent(client, (key, state) -> {
                synchronized (state) {
                    dropBefore(state, since);
                    boolean banned = state.bannedUntil != null && state.bannedUntil.isAfter(now);
                    return state.failures.isEmpty() && !banned ? null : state;
                }
            });
        }
    }

    /** Clients remembered, for tests of the memory bound. */
    int remembered() {
        return clients.size();
    }
}
