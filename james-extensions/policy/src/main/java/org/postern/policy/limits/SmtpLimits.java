package org.postern.policy.limits;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.PostfixValues;

/**
 * The per-connection limits of one SMTP server, under Postfix's main.cf names and with Postfix's defaults:
 * <ul>
 * <li>{@code smtpd_recipient_limit} (1000): accepted recipients per message; more get
 *     {@code 452 4.5.3 Error: too many recipients};</li>
 * <li>{@code smtpd_soft_error_limit} (10), {@code smtpd_error_sleep_time} (1s), {@code smtpd_hard_error_limit}
 *     (20): once a client has made the soft limit of errors without delivering mail, each reply is delayed;
 *     at the hard limit its next command gets {@code 421 4.7.0 <host> Error: too many errors} and the
 *     connection is closed;</li>
 * <li>{@code message_size_limit} (10240000 bytes, 0 = no limit): announced as SIZE in the EHLO reply;
 *     {@code 552 5.3.4} at MAIL FROM for a larger declared SIZE and at the end of a larger message;</li>
 * <li>{@code disable_vrfy_command} (no): VRFY gets {@code 502 5.5.1 VRFY command is disabled}.</li>
 * </ul>
 * Immutable.
 */
public record SmtpLimits(int recipientLimit, int softErrorLimit, int hardErrorLimit, Duration errorSleepTime,
                         long messageSizeLimit, boolean disableVrfyCommand) {
    public static final SmtpLimits POSTFIX_DEFAULTS = new SmtpLimits(1000, 10, 20, Duration.ofSeconds(1), 10_240_000, false);

    /** The main.cf names this record reads. */
    public static final java.util.Set<String> PARAMETERS = Builder.SETTERS.keySet();

    public SmtpLimits {
        if (recipientLimit < 1) {
            throw new IllegalArgumentException("smtpd_recipient_limit: must be at least 1");
        }
        if (hardErrorLimit < 1) {
            throw new IllegalArgumentException("smtpd_hard_error_limit: must be at least 1");
        }
        if (messageSizeLimit < 0) {
            throw new IllegalArgumentException("message_size_limit: must not be negative");
        }
        if (errorSleepTime.isNegative() || errorSleepTime.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("smtpd_error_sleep_time: must be between 0s and 5m");
        }
    }

    /**
     * Reads the limits present in {@code parameters}; absent ones keep Postfix's default.
     *
     * @param source the file, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and the value
     */
    public static SmtpLimits fromParameters(String source, Map<String, String> parameters) {
        Builder builder = new Builder(POSTFIX_DEFAULTS);
        PostfixValues.applyParameters(source, parameters, Builder.SETTERS, builder);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(source + ": " + e.getMessage());
        }
    }

    /** True when messages larger than some size are refused. */
    public boolean limitsMessageSize() {
        return messageSizeLimit > 0;
    }

    /** True when a message of {@code size} bytes is over the limit. */
    public boolean isTooBig(long size) {
        return limitsMessageSize() && size > messageSizeLimit;
    }

    private static long parseSize(String value) {
        String trimmed = value.strip();
        if (!trimmed.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("'" + value + "' is not a size in bytes");
        }
        return Long.parseLong(trimmed);
    }

    private static final class Builder {
        private static final Map<String, BiConsumer<Builder, String>> SETTERS = Map.ofEntries(
            Map.entry("smtpd_recipient_limit", (b, v) -> b.recipientLimit = PostfixValues.parseCount(v)),
            Map.entry("smtpd_soft_error_limit", (b, v) -> b.softErrorLimit = PostfixValues.parseCount(v)),
            Map.entry("smtpd_hard_error_limit", (b, v) -> b.hardErrorLimit = PostfixValues.parseCount(v)),
            Map.entry("smtpd_error_sleep_time", (b, v) -> b.errorSleepTime = PostfixValues.parseTime(v)),
            Map.entry("message_size_limit", (b, v) -> b.messageSizeLimit = parseSize(v)),
            Map.entry("disable_vrfy_command", (b, v) -> b.disableVrfyCommand = PostfixValues.parseBoolean(v)));

        private int recipientLimit;
        private int softErrorLimit;
        private int hardErrorLimit;
        private Duration errorSleepTime;
        private long messageSizeLimit;
        private boolean disableVrfyCommand;

        private Builder(SmtpLimits defaults) {
            recipientLimit = defaults.recipientLimit;
            softErrorLimit = defaults.softErrorLimit;
            hardErrorLimit = defaults.hardErrorLimit;
            errorSleepTime = defaults.errorSleepTime;
            messageSizeLimit = defaults.messageSizeLimit;
            disableVrfyCommand = defaults.disableVrfyCommand;
        }

        private SmtpLimits build() {
            return new SmtpLimits(recipientLimit, softErrorLimit, hardErrorLimit, errorSleepTime, messageSizeLimit,
                disableVrfyCommand);
        }
    }
}
