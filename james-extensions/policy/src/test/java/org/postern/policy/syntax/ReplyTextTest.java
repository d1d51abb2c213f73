package org.postern.policy.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReplyTextTest {

    @Test
    void anEnhancedStatusCodeOpeningTheTextIsSplitOff() {
        assertThat(ReplyText.parse("5.7.1 No spam here")).isEqualTo(new ReplyText(Optional.of("5.7.1"), "No spam here"));
        assertThat(ReplyText.parse("4.2.10 later")).isEqualTo(new ReplyText(Optional.of("4.2.10"), "later"));
        assertThat(ReplyText.parse("5.7.1")).isEqualTo(new ReplyText(Optional.of("5.7.1"), ""));
    }

    @Test
    void textWithoutACodeIsKeptWhole() {
        assertThat(ReplyText.parse("No spam here")).isEqualTo(new ReplyText(Optional.empty(), "No spam here"));
        assertThat(ReplyText.parse("3.7.1 wrong class")).isEqualTo(new ReplyText(Optional.empty(), "3.7.1 wrong class"));
        assertThat(ReplyText.parse("5.7.1234 too long")).isEqualTo(new ReplyText(Optional.empty(), "5.7.1234 too long"));
        assertThat(ReplyText.parse("5.7.1go")).isEqualTo(new ReplyText(Optional.empty(), "5.7.1go"));
        assertThat(ReplyText.parse("")).isEqualTo(new ReplyText(Optional.empty(), ""));
    }

    @Test
    void theFallbackReplacesOnlyMissingText() {
        assertThat(ReplyText.parse("").textOr("Access denied")).isEqualTo("Access denied");
        assertThat(ReplyText.parse("5.7.1").textOr("Access denied")).isEqualTo("Access denied");
        assertThat(ReplyText.parse("go away").textOr("Access denied")).isEqualTo("go away");
    }
}
