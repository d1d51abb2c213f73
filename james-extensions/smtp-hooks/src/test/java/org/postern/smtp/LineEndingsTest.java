package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.postern.policy.limits.BareNewlines.Mode;

class LineEndingsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String normalized(String line, Mode mode, boolean afterBareLf) {
        return new String(LineEndings.normalized(bytes(line), mode, afterBareLf), StandardCharsets.US_ASCII);
    }

    @Test
    void aBareLineFeedIsTold() {
        assertThat(LineEndings.endsInBareLf(bytes("MAIL FROM:<a@b>\n"))).isTrue();
        assertThat(LineEndings.endsInBareLf(bytes("\n"))).isTrue();
        assertThat(LineEndings.endsInBareLf(bytes("MAIL FROM:<a@b>\r\n"))).isFalse();
        assertThat(LineEndings.endsInBareLf(bytes("no ending"))).isFalse();
    }

    @Test
    void aBareCarriageReturnIsOneThatDoesNotEndTheLine() {
        assertThat(LineEndings.hasBareCr(bytes("a\rb\r\n"))).isTrue();
        assertThat(LineEndings.hasBareCr(bytes("a\r\r\n"))).isTrue();
        assertThat(LineEndings.hasBareCr(bytes("ab\r\n"))).isFalse();
    }

    @Test
    void aLineEndingInCrlfIsLeftAlone() {
        byte[] line = bytes("Subject: hello\r\n");
        assertThat(LineEndings.normalized(line, Mode.NORMALIZE, false)).isSameAs(line);
    }

    @Test
    void aBareLineFeedBecomesCrlfAndABareCarriageReturnASpace() {
        assertThat(normalized("first line\n", Mode.NORMALIZE, false)).isEqualTo("first line\r\n");
        assertThat(normalized("Subject: x\rBcc: evil@example.com\r\n", Mode.NORMALIZE, false))
            .as("no header smuggled in through a bare CR").isEqualTo("Subject: x Bcc: evil@example.com\r\n");
        assertThat(normalized("a\rb\n", Mode.NO, false)).isEqualTo("a b\r\n");
    }

    @Test
    void withNormalizeOnlyCrlfDotCrlfEndsTheMessage() {
        assertThat(normalized(".\r\n", Mode.NORMALIZE, false)).isEqualTo(".\r\n");
        assertThat(normalized(".\n", Mode.NORMALIZE, false)).as("a dot ended by a bare LF is text").isEqualTo("..\r\n");
        assertThat(normalized(".\r\n", Mode.NORMALIZE, true)).as("a dot reached through a bare LF is text").isEqualTo("..\r\n");
    }

    @Test
    void withNoABareLineFeedEndsTheMessageToo() {
        assertThat(normalized(".\n", Mode.NO, false)).isEqualTo(".\r\n");
        assertThat(normalized(".\r\n", Mode.NO, true)).isEqualTo(".\r\n");
    }

    @Test
    void theRefusalsArePostfixsAndEndTheSession() {
        assertThat(LineEndings.bareLfReceived().getLines()).containsExactly("550 5.5.2 Error: bare <LF> received");
        assertThat(LineEndings.bareLfReceived().isEndSession()).isTrue();
        assertThat(LineEndings.bareCrReceived().getLines()).containsExactly("550 5.5.2 Error: bare <CR> received");
    }
}
