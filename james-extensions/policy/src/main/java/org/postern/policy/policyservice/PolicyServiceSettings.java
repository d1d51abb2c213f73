package org.postern.policy.policyservice;

import java.time.Duration;
import java.util.List;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessAction;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.syntax.PostfixValues;

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

    static final List<Parameter> PARAMETERS = List.of(
        Parameter.of("smtpd_policy_service_timeout", "100s"),
        Parameter.of("smtpd_policy_service_max_idle", "300s"),
        Parameter.of("smtpd_policy_service_max_ttl", "1000s"),
        Parameter.of("smtpd_policy_service_request_limit", "0"),
        Parameter.of("smtpd_policy_service_try_limit", "2"),
        Parameter.of("smtpd_policy_service_retry_delay", "1s"),
        Parameter.of("smtpd_policy_service_default_action", "451 4.3.5 Server configuration problem"),
        Parameter.of("smtpd_policy_service_policy_context", ""));

    /** The smtpd_policy_service_* parameters of one server: the defaults of every service its lists name. */
    static PolicyServiceSettings from(ServerParameters parameters) {
        return new PolicyServiceSettings(parameters.time("smtpd_policy_service_timeout"),
            parameters.time("smtpd_policy_service_max_idle"), parameters.time("smtpd_policy_service_max_ttl"),
            parameters.count("smtpd_policy_service_request_limit"),
            parameters.get("smtpd_policy_service_try_limit", PolicyServiceSettings::tryLimit),
            parameters.time("smtpd_policy_service_retry_delay"),
            parameters.get("smtpd_policy_service_default_action", PolicyServiceSettings::defaultAction),
            parameters.string("smtpd_policy_service_policy_context").strip());
    }

    static int tryLimit(String value) {
        int limit = PostfixValues.parseCount(value);
        if (limit < 1) {
            throw new IllegalArgumentException("'" + value + "' must be at least 1");
        }
        return limit;
    }

    private static String defaultAction(String value) {
        try {
            AccessAction.parse(value, "smtpd_policy_service_default_action", "(default action)");
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException("'" + value + "' is not an access action", e);
        }
        return value.strip();
    }

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
