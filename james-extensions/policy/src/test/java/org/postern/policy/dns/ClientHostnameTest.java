package org.postern.policy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postern.policy.restriction.FakeDns;

class ClientHostnameTest {

    @Test
    void aPtrNameWhoseAddressLeadsBackIsTheClientHostname() {
        FakeDns dns = new FakeDns().ptr("192.0.2.25", "Mail.Example.ORG").address("mail.example.org", "192.0.2.25");
        assertThat(ClientHostname.of(dns, "192.0.2.25")).isEqualTo("mail.example.org");
    }

    @Test
    void aPtrNameThatDoesNotLeadBackIsUnknown() {
        FakeDns dns = new FakeDns().ptr("192.0.2.25", "forged.example.org").address("forged.example.org", "198.51.100.1");
        assertThat(ClientHostname.of(dns, "192.0.2.25")).isEqualTo("unknown");
    }

    @Test
    void theSecondPtrNameMayBeTheConfirmedOne() {
        FakeDns dns = new FakeDns().ptr("2001:db8::25", "stale.example.org").ptr("2001:db8::25", "mx.example.org")
            .address("mx.example.org", "2001:db8::25");
        assertThat(ClientHostname.of(dns, "2001:db8::25")).isEqualTo("mx.example.org");
    }

    @Test
    void noPtrOrADnsFailureIsUnknown() {
        assertThat(ClientHostname.of(new FakeDns(), "192.0.2.25")).isEqualTo("unknown");
        assertThat(ClientHostname.of(new FakeDns().failing("192.0.2.25"), "192.0.2.25")).isEqualTo("unknown");
        assertThat(ClientHostname.of(new FakeDns(), "not an address")).isEqualTo("unknown");
    }
}
