package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void theAddressIsTakenAsWritten() {
        assertThat(ClientAddress.inArgument("FROM:<alice>", "FROM:")).contains("alice");
        assertThat(ClientAddress.inArgument("from: <Alice@Example.COM> SIZE=100", "FROM:")).contains("Alice@Example.COM");
        assertThat(ClientAddress.inArgument("TO:<bob@example.com> NOTIFY=NEVER", "TO:")).contains("bob@example.com");
    }

    @Test
    void theNullSenderIsEmpty() {
        assertThat(ClientAddress.inArgument("FROM:<>", "FROM:")).contains("");
    }

    @Test
    void aSourceRouteIsDropped() {
        assertThat(ClientAddress.inArgument("TO:<@relay.example:bob@example.com>", "TO:")).contains("bob@example.com");
    }

    @Test
    void anAddressWithoutBracketsEndsAtTheFirstBlank() {
        assertThat(ClientAddress.inArgument("FROM:alice@example.com SIZE=1", "FROM:")).contains("alice@example.com");
    }

    @Test
    void somethingElseIsNoAddress() {
        assertThat(ClientAddress.inArgument("FROM <alice>", "FROM:")).isEqualTo(Optional.empty());
        assertThat(ClientAddress.inArgument("FROM:<alice", "FROM:")).isEqualTo(Optional.empty());
    }
}
