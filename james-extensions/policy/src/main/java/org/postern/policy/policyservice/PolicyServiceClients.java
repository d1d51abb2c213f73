package org.postern.policy.policyservice;

import java.io.Closeable;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client per policy service, shared by every list that names it (Postfix keeps one per service name
 * too), so that its connections are reused across lists and sessions. Thread-safe.
 */
public final class PolicyServiceClients implements Closeable {
    private final Clock clock;
    private final Map<String, PolicyServiceClient> clients = new ConcurrentHashMap<>();

    public PolicyServiceClients(Clock clock) {
        this.clock = clock;
    }

    public PolicyServiceClients() {
        this(Clock.systemUTC());
    }

    public PolicyServiceClient clientFor(PolicyServiceEndpoint endpoint) {
        return clients.computeIfAbsent(endpoint.name(), name -> new PolicyServiceClient(endpoint, clock));
    }

    @Override
    public void close() {
        clients.values().forEach(PolicyServiceClient::close);
    }
}
