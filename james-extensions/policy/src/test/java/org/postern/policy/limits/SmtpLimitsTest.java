package org.postern.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SmtpLimitsTest {

    @Test
    void postfixDefaultsWhenNothingIsWritten() {
        SmtpLimits limits = SmtpLimits.fromParameters("main.cf", Map.of("myhostname", "mx.example"));
        assertThat(limits).isEqualTo(SmtpLimits.POSTFIX_DEFAULTS);
        assertThat(limits.recipientLimit()).isEqualTo(1000);
        assertThat(limits.softErrorLimit()).isEqualTo(10);
        assertThat(limits.hardErrorLimit()).isEqualTo(20);
        assertThat(limits.errorSleepTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.messageSizeLimit()).isEqualTo(10_240_000);
        assertThat(limits.disableVrfyCommand()).isFalse();
    }

    @Test
    void valuesAsWrittenInMainCf() {
        SmtpLimits limits = SmtpLimits.fromParameters("main.cf", Map.of("smtpd_recipient_limit", "50",
            "smtpd_soft_error_limit", "3", "smtpd_hard_error_limit", "6", "smtpd_error_sleep_time", "2s",
            "message_size_limit", "52428800000", "disable_vrfy_command", "yes"));
        assertThat(limits).isEqualTo(new SmtpLimits(50, 3, 6, Duration.ofSeconds(2), 52_428_800_000L, true));
    }

    @Test
    void zeroMessageSizeMeansNoLimit() {
        SmtpLimits limits = SmtpLimits.fromParameters("main.cf", Map.of("message_size_limit", "0"));
        assertThat(limits.limitsMessageSize()).isFalse();
        assertThat(limits.isTooBig(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aMessageIsTooBigOnlyBeyondTheLimit() {
        SmtpLimits limits = SmtpLimits.fromParameters("main.cf", Map.of("message_size_limit", "1000"));
        assertThat(limits.isTooBig(1000)).isFalse();
        assertThat(limits.isTooBig(1001)).isTrue();
    }

    @Test
    void badValuesNameFileAndParameter() {
        assertThatThrownBy(() -> SmtpLimits.fromParameters("conf/policy.cf", Map.of("smtpd_recipient_limit", "many")))
            .hasMessage("conf/policy.cf: smtpd_recipient_limit: 'many' is not a whole number");
        assertThatThrownBy(() -> SmtpLimits.fromParameters("conf/policy.cf", Map.of("message_size_limit", "10M")))
            .hasMessage("conf/policy.cf: message_size_limit: '10M' is not a size in bytes");
        assertThatThrownBy(() -> SmtpLimits.fromParameters("conf/policy.cf", Map.of("smtpd_error_sleep_time", "1h")))
            .hasMessage("conf/policy.cf: smtpd_error_sleep_time: must be between 0s and 5m");
        assertThatThrownBy(() -> SmtpLimits.fromParameters("conf/policy.cf", Map.of("smtpd_recipient_limit", "0")))
            .hasMessage("conf/policy.cf: smtpd_recipient_limit: must be at least 1");
        assertThatThrownBy(() -> SmtpLimits.fromParameters("conf/policy.cf", Map.of("disable_vrfy_command", "sometimes")))
            .hasMessage("conf/policy.cf: disable_vrfy_command: 'sometimes' is not yes or no");
    }
}
