package org.postern.policy.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void ordinaryTextIsKeptAsItIs() {
        assertThat(ClientText.forLog("alice@example.com")).isEqualTo("alice@example.com");
    }

    @Test
    void lineBreaksCannotForgeALogLine() {
        assertThat(ClientText.forLog("x\r\n2026-01-01 INFO forged")).isEqualTo("x\\r\\n2026-01-01 INFO forged")
            .doesNotContain("\n");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(ClientText.forLog("a\u0000b\u001bc\u007f")).isEqualTo("a\\x00b\\x1bc\\x7f");
    }

    @Test
    void longTextIsCutAndSaysHowMuchWasLeftOut() {
        String logged = ClientText.forLog("y".repeat(5000));
        assertThat(logged).startsWith("y".repeat(ClientText.LIMIT)).endsWith("...(4800 more characters)");
        assertThat(logged.length()).isLessThan(ClientText.LIMIT + 40);
    }

    @Test
    void nullIsWrittenAsNull() {
        assertThat(ClientText.forLog(null)).isEqualTo("null");
    }
}
