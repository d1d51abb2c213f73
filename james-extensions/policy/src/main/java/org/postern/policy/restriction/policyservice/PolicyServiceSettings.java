package org.postern.policy.restriction.policyservice;

import java.time.Duration;

/**
 * How a policy service is spoken to, Postfix's {@code smtpd_policy_service_*} parameters with their
 * defaults; each can be overridden per service with {@code { inet:host:port, timeout=10s, ... }}.
 *
 * @param timeout time limit for connecting, writing a request and reading the answer (100s)
 * @param maxIdle an idle connection older than this is closed rather than reused (300s)
 * @param maxTtl a connection older than this is closed rather than reused (1000s)
 * @param requestLimit requests per connection before it is replaced, 0 for no limit
 * @param tryLimit attempts per request before the default action applies (2)
 * @param retryDelay pause between attempts (1s)
 * @param defaultAction the access action applied when the service cannot answer
 *        ({@code 451 4.3.5 Server configuration problem})
 * @param policyContext sent as {@code policy_context=} so one server can serve several lists
 */
public record PolicyServiceSettings(Duration timeout, Duration maxIdle, Duration maxTtl, int requestLimit,
                                    int tryLimit, Duration retryDelay, String defaultAction, String policyContext) {

    public static final PolicyServiceSettings POSTFIX_DEFAULTS = new PolicyServiceSettings(Duration.ofSeconds(100),
        Duration.ofSeconds(300), Duration.ofSeconds(1000), 0, 2, Duration.ofSeconds(1),
        "451 4.3.5 Server configuration problem", "");

    public PolicyServiceSettings withTimeout(Duration value) {
        return new PolicyServiceSettings(value, maxIdle, maxTtl, requestLimit, tryLimit, retryDelay, defaultAction,
            policyContext);
    }

    public PolicyServiceSettings withMaxIdle(Duration value) {
        return new PolicyServiceSettings(timeout, value, maxTtl, requestLimit, tryLimit, retryDelay, defaultAction,
            policyContext);
    }

    public PolicyServiceSettings withMaxTtl(Duration value) {
        return new PolicyServiceSettings(timeout, maxIdle, value, requestLimit, tryLimit, retryDelay, defaultAction,
            policyContext);
    }

    public PolicyServiceSettings withRequestLimit(int value) {
        return new PolicyServiceSettings(timeout, maxIdle, maxTtl, value, tryLimit, retryDelay, defaultAction,
            policyContext);
    }

    public PolicyServiceSettings withTryLimit(int value) {
        return new PolicyServiceSettings(timeout, maxIdle, maxTtl, requestLimit, value, retryDelay, defaultAction,
            policyContext);
    }

    public PolicyServiceSettings withRetryDelay(Duration value) {
        return new PolicyServiceSettings(timeout, maxIdle, maxTtl, requestLimit, tryLimit, value, defaultAction,
            policyContext);
    }

    public PolicyServiceSettings withDefaultAction(String value) {
        return new PolicyServiceSettings(timeout, maxIdle, maxTtl, requestLimit, tryLimit, retryDelay, value,
            policyContext);
    }

    public PolicyServiceSettings withPolicyContext(String value) {
        return new PolicyServiceSettings(timeout, maxIdle, maxTtl, requestLimit, tryLimit, retryDelay, defaultAction,
            value);
    }
}
