package org.postern.policy.limits;

import java.time.Duration;

/**
 * Postfix's error accounting for one SMTP connection: every 4xx or 5xx reply is an error; a delivered
 * message forgives them. From {@code smtpd_soft_error_limit} errors on, each reply waits
 * {@code smtpd_error_sleep_time}; once {@code smtpd_hard_error_limit} is reached the next command is
 * answered 421 and the connection closed. Not thread-safe: one connection is served by one thread at a time.
 */
public final class ErrorPenalty {
    private final SmtpLimits limits;
    private int errors;

    public ErrorPenalty(SmtpLimits limits) {
        this.limits = limits;
    }

    /**
     * Counts a reply about to be sent and says how long to hold it back.
     *
     * @param code the reply code (250, 550...)
     * @return zero, or the delay before sending this reply
     */
    public Duration onReply(int code) {
        if ((code >= 400 && code < 600) && code != 421) {
            errors++;
        }
        return errors >= limits.softErrorLimit() && errors > 0 ? limits.errorSleepTime() : Duration.ZERO;
    }

    /** A message was accepted for delivery: the client is no longer counted as erring. */
    public void onMessageAccepted() {
        errors = 0;
    }

    /** True when the client is to be disconnected at its next command. */
    public boolean exhausted() {
        return errors >= limits.hardErrorLimit();
    }

    public int errors() {
        return errors;
    }
}
