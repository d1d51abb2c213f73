package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLimitsTest {

    @Test
    void theDeclaredSizeIsReadFromTheMailArgument() {
        assertThat(CommandLimits.declaredSize("FROM:<a@b.example> SIZE=12345 BODY=8BITMIME")).contains(12345L);
        assertThat(CommandLimits.declaredSize("FROM:<a@b.example> body=8bitmime size=7")).contains(7L);
    }

    @Test
    void noSizeOrAMalformedOneIsLeftToJames() {
        assertThat(CommandLimits.declaredSize("FROM:<a@b.example>")).isEmpty();
        assertThat(CommandLimits.declaredSize("FROM:<a@b.example> SIZE=ten")).isEmpty();
        assertThat(CommandLimits.declaredSize("FROM:<size=5@b.example>")).isEmpty();
    }

    @Test
    void aSizeTooLongForANumberIsOverAnyLimit() {
        assertThat(CommandLimits.declaredSize("FROM:<a@b.example> SIZE=99999999999999999999999")).contains(Long.MAX_VALUE);
    }
}
