package org.postern.policy.policyservice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessAction;
import org.postern.policy.syntax.PostfixValues;

/**
 * Where and how to reach one policy service, parsed from the argument of {@code check_policy_service}:
 * {@code inet:127.0.0.1:10023}, {@code inet:[::1]:10023}, or Postfix's per-service form
 * {@code { inet:127.0.0.1:10023, timeout=10s, default_action=DUNNO }}. Only TCP is supported: a
 * {@code unix:} socket belongs to a Postfix installation, not to this server.
 */
public record PolicyServiceEndpoint(String name, String host, int port, PolicyServiceSettings settings) {

    /** @throws IllegalArgumentException with the reason when the argument is not a usable inet service */
    public static PolicyServiceEndpoint parse(String argument, PolicyServiceSettings defaults) {
        String service = argument.strip();
        PolicyServiceSettings settings = defaults;
        if (service.startsWith("{")) {
            if (!service.endsWith("}")) {
                throw new IllegalArgumentException("missing '}'");
            }
            List<String> parts = new ArrayList<>();
            for (String part : service.substring(1, service.length() - 1).strip().split("\\s*,\\s*|\\s+(?=[a-z_]+\\s*=)")) {
                if (!part.isBlank()) {
                    parts.add(part.strip());
                }
            }
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("empty policy service");
            }
            service = parts.get(0);
            for (String override : parts.subList(1, parts.size())) {
                settings = override(settings, override);
            }
        }
        String lower = service.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unix:") || lower.startsWith("private/") || lower.startsWith("local:")) {
            throw new IllegalArgumentException("only inet:host:port policy services are supported, not " + service);
        }
        if (!lower.startsWith("inet:")) {
            throw new IllegalArgumentException("expected inet:host:port");
        }
        String hostAndPort = service.substring(5);
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected inet:host:port");
        }
        String host = hostAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = hostAndPort.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + port + "' is not a port number");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host");
        }
        return new PolicyServiceEndpoint(argument.strip(), host, Integer.parseInt(port), settings);
    }

    private static PolicyServiceSettings override(PolicyServiceSettings settings, String override) {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + override + "' is not name=value");
        }
        String name = override.substring(0, equals).strip();
        String value = override.substring(equals + 1).strip();
        switch (name) {
            case "timeout":
                return settings.withTimeout(PostfixValues.parseTime(value));
            case "max_idle":
                return settings.withMaxIdle(PostfixValues.parseTime(value));
            case "max_ttl":
                return settings.withMaxTtl(PostfixValues.parseTime(value));
            case "request_limit":
                return settings.withRequestLimit(PostfixValues.parseCount(value));
            case "try_limit":
                int limit = PostfixValues.parseCount(value);
                if (limit < 1) {
                    throw new IllegalArgumentException("try_limit must be at least 1");
                }
                return settings.withTryLimit(limit);
            case "retry_delay":
                return settings.withRetryDelay(PostfixValues.parseTime(value));
            case "default_action":
                try {
                    AccessAction.parse(value, "default_action", "(default action)");
                } catch (InvalidConfigurationException e) {
                    throw new IllegalArgumentException("default_action '" + value + "' is not an access action");
                }
                return settings.withDefaultAction(value);
            case "policy_context":
                return settings.withPolicyContext(value);
            default:
                throw new IllegalArgumentException("unknown policy service setting '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
