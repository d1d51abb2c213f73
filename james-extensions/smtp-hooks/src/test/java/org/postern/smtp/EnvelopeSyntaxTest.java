package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvelopeSyntaxTest {

    @Test
    void ordinaryAddressesAreWellFormed() {
        assertThat(EnvelopeSyntax.wellFormed("alice@example.com", false)).isTrue();
        assertThat(EnvelopeSyntax.wellFormed("alice", false)).as("a bare name: the default domain comes later").isTrue();
        assertThat(EnvelopeSyntax.wellFormed("@relay.example:alice@example.com", false)).as("a source route, ignored").isTrue();
        assertThat(EnvelopeSyntax.wellFormed("\"a b\"@example.com", false)).isTrue();
    }

    @Test
    void theNullAddressIsForTheSenderOnly() {
        assertThat(EnvelopeSyntax.wellFormed("", true)).isTrue();
        assertThat(EnvelopeSyntax.wellFormed("", false)).isFalse();
    }

    @Test
    void rfc5321LimitsAreEnforced() {
        assertThat(EnvelopeSyntax.wellFormed("a".repeat(64) + "@example.com", false)).isTrue();
        assertThat(EnvelopeSyntax.wellFormed("a".repeat(65) + "@example.com", false)).isFalse();
        String domain200 = "b".repeat(49) + "." + "c".repeat(49) + "." + "d".repeat(49) + "." + "e".repeat(49) + ".com";
        assertThat(EnvelopeSyntax.wellFormed("a".repeat(40) + "@" + domain200, false)).isTrue();
        assertThat(EnvelopeSyntax.wellFormed("a".repeat(60) + "@" + domain200, false)).as("over 254 characters in all").isFalse();
        assertThat(EnvelopeSyntax.wellFormed("a".repeat(3000) + "@example.com", true)).isFalse();
    }

    @Test
    void controlCharactersAndBrokenAddressesAreRefused() {
        assertThat(EnvelopeSyntax.wellFormed("al\u0000ice@example.com", false)).isFalse();
        assertThat(EnvelopeSyntax.wellFormed("alice@", false)).isFalse();
        assertThat(EnvelopeSyntax.wellFormed("alice@@example.com", false)).isFalse();
        assertThat(EnvelopeSyntax.wellFormed("@", false)).isFalse();
    }
}
