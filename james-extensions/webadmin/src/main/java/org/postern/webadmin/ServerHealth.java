package org.postern.webadmin;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.apache.james.core.healthcheck.ResultStatus;

import reactor.core.publisher.Flux;

/**
 * The server's health in one word (healthy, degraded, unhealthy), from the same checks as webadmin's
 * {@code /healthcheck}, for the unauthenticated form of that route. Computed at most once a second, so that
 * unauthenticated requests cannot load the database; a check that does not answer within five seconds counts
 * as unhealthy.
 */
final class ServerHealth implements Supplier<WebAdminGate.HealthStatus> {
    private static final Duration KEEP = Duration.ofSeconds(1);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Set<HealthCheck> checks;
    private WebAdminGate.HealthStatus last;
    private long lastNanos;

    ServerHealth(Set<HealthCheck> checks) {
        this.checks = checks;
    }

    @Override
    public synchronized WebAdminGate.HealthStatus get() {
        long now = System.nanoTime();
        if (last == null || now - lastNanos >= KEEP.toNanos()) {
            last = compute();
            lastNanos = now;
        }
        return last;
    }

    private WebAdminGate.HealthStatus compute() {
        ResultStatus status;
        try {
            status = Flux.fromIterable(checks)
                .flatMap(HealthCheck::check)
                .map(Result::getStatus)
                .reduce(ResultStatus.HEALTHY, ResultStatus::merge)
                .block(CHECK_TIMEOUT);
        } catch (RuntimeException e) {
            status = ResultStatus.UNHEALTHY;
        }
        ResultStatus known = status == null ? ResultStatus.HEALTHY : status;
        return new WebAdminGate.HealthStatus(known.getValue(), known == ResultStatus.UNHEALTHY);
    }
}
