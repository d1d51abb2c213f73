package org.postern.policy.login;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.Networks;
import org.postern.policy.syntax.PostfixValues;

/**
 * When a client address is refused for failing to log in, across SMTP AUTH, IMAP, POP3, ManageSieve and
 * webadmin (global parameters of conf/policy.cf):
 * <ul>
 * <li>{@code auth_failure_limit} (10): failed logins within the window that get the address refused; 0 turns
 *     the refusal off;</li>
 * <li>{@code auth_failure_window} (10m): how far back failures count;</li>
 * <li>{@code auth_failure_ban_time} (30m): how long the address is refused;</li>
 * <li>{@code auth_failure_exceptions} (empty): addresses and networks never refused (e.g. a webmail
 *     front end that logs in for all its users from one address).</li>
 * </ul>
 * Immutable.
 */
public record LoginFailureSettings(int limit, Duration window, Duration banTime, Networks exceptions) {
    /** Failures remembered per client at most: the limit cannot be higher. */
    public static final int MAX_LIMIT = 1000;
    public static final String EXCEPTIONS = "auth_failure_exceptions";
    public static final LoginFailureSettings DEFAULTS = new LoginFailureSettings(10, Duration.ofMinutes(10),
        Duration.ofMinutes(30), Networks.parse("defaults", EXCEPTIONS, ""));

    /** The policy.cf names these settings read; all are global (they are not per SMTP server). */
    public static final Set<String> PARAMETERS = Set.of("auth_failure_limit", "auth_failure_window", "auth_failure_ban_time",
        EXCEPTIONS);

    public LoginFailureSettings {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("auth_failure_limit: must be between 0 (off) and " + MAX_LIMIT);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("auth_failure_window: must be at least 1s");
        }
        if (banTime.isZero() || banTime.isNegative()) {
            throw new IllegalArgumentException("auth_failure_ban_time: must be at least 1s");
        }
    }

    /**
     * Reads the settings present in {@code parameters}; absent ones keep the defaults.
     *
     * @param source the file, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and the value
     */
    public static LoginFailureSettings fromParameters(String source, Map<String, String> parameters) {
        Builder builder = new Builder();
        PostfixValues.applyParameters(source, parameters, Builder.SETTERS, builder);
        Networks exceptions = parameters.containsKey(EXCEPTIONS)
            ? Networks.parse(source, EXCEPTIONS, parameters.get(EXCEPTIONS)) : DEFAULTS.exceptions();
        try {
            return new LoginFailureSettings(builder.limit, builder.window, builder.banTime, exceptions);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(source + ": " + e.getMessage());
        }
    }

    public boolean enabled() {
        return limit > 0;
    }

    private static final class Builder {
        private static final Map<String, BiConsumer<Builder, String>> SETTERS = Map.of(
            "auth_failure_limit", (b, v) -> b.limit = PostfixValues.parseCount(v),
            "auth_failure_window", (b, v) -> b.window = PostfixValues.parseTime(v),
            "auth_failure_ban_time", (b, v) -> b.banTime = PostfixValues.parseTime(v));

        private int limit = DEFAULTS.limit();
        private Duration window = DEFAULTS.window();
        private Duration banTime = DEFAULTS.banTime();
    }
}
