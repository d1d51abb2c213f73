package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SmtpLoginGuardTest {

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base64OfAUserNameIsAUserName() {
        assertThat(SmtpLoginGuard.isUsername(base64("alice@example.com"))).isTrue();
        assertThat(SmtpLoginGuard.isUsername(" " + base64("alice") + " ")).isTrue();
    }

    @Test
    void whatCannotBeAUserNameIsNot() {
        assertThat(SmtpLoginGuard.isUsername("!!!")).as("not base64").isFalse();
        assertThat(SmtpLoginGuard.isUsername(base64("   "))).as("blank").isFalse();
        assertThat(SmtpLoginGuard.isUsername(base64("x".repeat(300)))).as("longer than a user name").isFalse();
        assertThat(SmtpLoginGuard.isUsername("")).isFalse();
    }
}
