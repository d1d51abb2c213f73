package org.postern.policy.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class DnsListFilterTest {

    private static Inet4Address ip(String text) throws UnknownHostException {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void theDefaultCountsOnlyListingCodes() throws UnknownHostException {
        assertThat(DnsListFilter.DEFAULT.matches(ip("127.0.0.2"))).isTrue();
        assertThat(DnsListFilter.DEFAULT.matches(ip("127.0.0.255"))).isTrue();
        assertThat(DnsListFilter.DEFAULT.matches(ip("127.0.0.1"))).isFalse();
        assertThat(DnsListFilter.DEFAULT.matches(ip("127.255.255.254"))).isFalse();
    }

    @Test
    void postfixPatterns() throws UnknownHostException {
        DnsListFilter filter = DnsListFilter.parse("127.0.[0..255].[2..3;10]");
        assertThat(filter.matches(ip("127.0.5.3"))).isTrue();
        assertThat(filter.matches(ip("127.0.5.10"))).isTrue();
        assertThat(filter.matches(ip("127.0.5.4"))).isFalse();
        assertThat(DnsListFilter.parse("127.0.0.2").matches(ip("127.0.0.2"))).isTrue();
    }

    @Test
    void malformedPatterns() {
        assertThatThrownBy(() -> DnsListFilter.parse("127.0.0")).hasMessage("'127.0.0' is not a d.d.d.d address pattern");
        assertThatThrownBy(() -> DnsListFilter.parse("127.0.0.[5..2]")).hasMessage("'127.0.0.[5..2]': range 5..2 is empty");
        assertThatThrownBy(() -> DnsListFilter.parse("127.0.0.256")).hasMessage("'127.0.0.256': '256' is not an octet value 0-255");
    }
}
