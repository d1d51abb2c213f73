package org.postern.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ErrorPenaltyTest {
    private static final SmtpLimits LIMITS = new SmtpLimits(100, 2, 4, Duration.ofSeconds(1), 0, false);

    @Test
    void successfulRepliesAreNotErrors() {
        ErrorPenalty penalty = new ErrorPenalty(LIMITS);
        for (int i = 0; i < 10; i++) {
            assertThat(penalty.onReply(250)).isZero();
        }
        assertThat(penalty.exhausted()).isFalse();
    }

    @Test
    void fromTheSoftLimitOnEveryReplyWaits() {
        ErrorPenalty penalty = new ErrorPenalty(LIMITS);
        assertThat(penalty.onReply(550)).isZero();
        assertThat(penalty.onReply(450)).isEqualTo(Duration.ofSeconds(1));
        assertThat(penalty.onReply(250)).as("even a success, once the client has erred enough").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theHardLimitEndsTheConnectionAtTheNextCommand() {
        ErrorPenalty penalty = new ErrorPenalty(LIMITS);
        penalty.onReply(550);
        penalty.onReply(550);
        penalty.onReply(501);
        assertThat(penalty.exhausted()).isFalse();
        penalty.onReply(554);
        assertThat(penalty.exhausted()).isTrue();
    }

    @Test
    void ourOwnGoodbyeIsNotCounted() {
        ErrorPenalty penalty = new ErrorPenalty(LIMITS);
        penalty.onReply(421);
        assertThat(penalty.errors()).isZero();
    }

    @Test
    void aDeliveredMessageForgivesEarlierErrors() {
        ErrorPenalty penalty = new ErrorPenalty(LIMITS);
        penalty.onReply(550);
        penalty.onReply(550);
        penalty.onReply(550);
        penalty.onMessageAccepted();
        assertThat(penalty.errors()).isZero();
        assertThat(penalty.onReply(250)).isZero();
        assertThat(penalty.exhausted()).isFalse();
    }
}
