package org.postern.policy.anvil;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.Networks;
import org.postern.policy.syntax.PostfixValues;

/**
 * Postfix's per-client limits of one SMTP server (the anvil(8) controls), under main.cf's names; 0 means
 * no limit, as in Postfix:
 * <ul>
 * <li>{@code smtpd_client_connection_count_limit}: connections open at once from one client;</li>
 * <li>{@code smtpd_client_connection_rate_limit}: connections per {@code anvil_rate_time_unit};</li>
 * <li>{@code smtpd_client_message_rate_limit}: MAIL FROM commands per time unit, accepted or not;</li>
 * <li>{@code smtpd_client_recipient_rate_limit}: RCPT TO commands per time unit, accepted or not;</li>
 * <li>{@code smtpd_client_auth_rate_limit}: AUTH commands per time unit;</li>
 * <li>{@code smtpd_client_event_limit_exceptions} ({@code $mynetworks}): clients none of these apply to;</li>
 * <li>{@code anvil_rate_time_unit} (60s).</li>
 * </ul>
 * Immutable.
 */
public record ClientLimits(int connectionCountLimit, int connectionRateLimit, int messageRateLimit,
                           int recipientRateLimit, int authRateLimit, Duration rateTimeUnit, Networks exceptions) {
    public static final String EXCEPTIONS = "smtpd_client_event_limit_exceptions";
    /** Postfix's default connection count limit; the rates are unlimited by default. */
    public static final int POSTFIX_CONNECTION_COUNT_LIMIT = 50;

    /** The main.cf names this record reads. */
    public static final Set<String> PARAMETERS = Set.copyOf(union(Builder.SETTERS.keySet(), EXCEPTIONS));

    public ClientLimits {
        if (rateTimeUnit.isZero() || rateTimeUnit.isNegative()) {
            throw new IllegalArgumentException("anvil_rate_time_unit: must be at least 1s");
        }
    }

    /**
     * Reads the limits present in {@code parameters}; absent ones keep Postfix's default, and the exceptions
     * default to {@code mynetworks}.
     *
     * @param source the file, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and the value
     */
    public static ClientLimits fromParameters(String source, Map<String, String> parameters, Networks mynetworks) {
        Builder builder = new Builder();
        PostfixValues.applyParameters(source, parameters, Builder.SETTERS, builder);
        String exceptions = parameters.get(EXCEPTIONS);
        Networks excepted = exceptions == null ? mynetworks : Networks.parse(source, EXCEPTIONS, exceptions);
        try {
            return new ClientLimits(builder.connectionCountLimit, builder.connectionRateLimit, builder.messageRateLimit,
                builder.recipientRateLimit, builder.authRateLimit, builder.rateTimeUnit, excepted);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(source + ": " + e.getMessage());
        }
    }

    /** True when a client at {@code address} is exempt from every limit here. */
    public boolean isExempt(String address) {
        return exceptions.contains(address);
    }

    private static Set<String> union(Set<String> names, String extra) {
        Set<String> all = new java.util.HashSet<>(names);
        all.add(extra);
        return all;
    }

    private static final class Builder {
        private static final Map<String, BiConsumer<Builder, String>> SETTERS = Map.of(
            "smtpd_client_connection_count_limit", (b, v) -> b.connectionCountLimit = PostfixValues.parseCount(v),
            "smtpd_client_connection_rate_limit", (b, v) -> b.connectionRateLimit = PostfixValues.parseCount(v),
            "smtpd_client_message_rate_limit", (b, v) -> b.messageRateLimit = PostfixValues.parseCount(v),
            "smtpd_client_recipient_rate_limit", (b, v) -> b.recipientRateLimit = PostfixValues.parseCount(v),
            "smtpd_client_auth_rate_limit", (b, v) -> b.authRateLimit = PostfixValues.parseCount(v),
            "anvil_rate_time_unit", (b, v) -> b.rateTimeUnit = PostfixValues.parseTime(v));

        private int connectionCountLimit = POSTFIX_CONNECTION_COUNT_LIMIT;
        private int connectionRateLimit;
        private int messageRateLimit;
        private int recipientRateLimit;
        private int authRateLimit;
        private Duration rateTimeUnit = Duration.ofSeconds(60);
    }
}
