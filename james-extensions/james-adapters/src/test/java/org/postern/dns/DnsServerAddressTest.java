package org.postern.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postern.config.InvalidConfigurationException;

class DnsServerAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.2.3.4              | 1.2.3.4          | 53",
        "1.2.3.4:5353         | 1.2.3.4          | 5353",
        "' 9.9.9.9:1 '        | 9.9.9.9          | 1",
        "127.0.0.1:65535      | 127.0.0.1        | 65535",
        "::1                  | ::1              | 53",
        "2001:db8::53         | 2001:db8::53     | 53",
        "[::1]:5353           | ::1              | 5353",
        "[2001:db8::53]       | 2001:db8::53     | 53",
        "dns.example.net      | dns.example.net  | 53",
        "dns.example.net.     | dns.example.net. | 53",
        "localhost:5353       | localhost        | 5353",
        "resolver-1:53        | resolver-1       | 53",
    })
    void parsesGoodEntries(String entry, String host, int port) {
        assertThat(DnsServerAddress.parse(entry, "test")).isEqualTo(new DnsServerAddress(host, port));
    }

    @Test
    void printsWhatItParses() {
        assertThat(DnsServerAddress.parse("[::1]:5353", "test")).hasToString("[::1]:5353");
        assertThat(DnsServerAddress.parse("::1", "test")).hasToString("[::1]:53");
        assertThat(DnsServerAddress.parse("1.2.3.4", "test")).hasToString("1.2.3.4:53");
        assertThat(DnsServerAddress.parse(DnsServerAddress.parse("[::1]:5353", "t").toString(), "t"))
            .isEqualTo(new DnsServerAddress("::1", 5353));
    }

    @Test
    void convertsIpLiteralsWithoutLookup() throws Exception {
        InetSocketAddress v4 = DnsServerAddress.parse("127.0.0.1:5353", "test").toSocketAddress();
        InetSocketAddress v6 = DnsServerAddress.parse("[::1]:5353", "test").toSocketAddress();

        assertThat(v4.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(v4.getPort()).isEqualTo(5353);
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.getPort()).isEqualTo(5353);
        assertThat(DnsServerAddress.parse("::1", "t").isIpLiteral()).isTrue();
        assertThat(DnsServerAddress.parse("dns.example.net", "t").isIpLiteral()).isFalse();
    }

    @Test
    void portErrorNamesTheSourceAndTheEntry() {
        assertThatThrownBy(() -> DnsServerAddress.parse("foo:bar", "DNS_SERVERS"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("DNS_SERVERS: 'foo:bar' is not host[:port] (port must be 1-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:", "1.2.3.4:-1", "1.2.3.4:99999999",
        "[::1]:x", "[::1]5353", "host:53a"})
    void refusesBadPorts(String entry) {
        assertThatThrownBy(() -> DnsServerAddress.parse(entry, "dnsservice.xml <servers><server>"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("dnsservice.xml <servers><server>: '" + entry + "' is not host[:port] (port must be 1-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.999", "1.2.3", "exa mple.com", "bad_name.example", "-dash.example", "a..b",
        ":53", "1:2:3", "::1:5353x", "http://1.2.3.4"})
    void refusesBadHosts(String entry) {
        assertThatThrownBy(() -> DnsServerAddress.parse(entry, "DNS_SERVERS"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("DNS_SERVERS: '" + entry + "' is not host[:port]");
    }

    @Test
    void refusesBracketsAroundNonIpv6AndUnclosedBrackets() {
        assertThatThrownBy(() -> DnsServerAddress.parse("[1.2.3.4]:53", "DNS_SERVERS"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("'[1.2.3.4]:53'");
        assertThatThrownBy(() -> DnsServerAddress.parse("[::1:53", "DNS_SERVERS"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("missing ']'");
    }

    @Test
    void refusesEmptyEntry() {
        assertThatThrownBy(() -> DnsServerAddress.parse("  ", "DNS_SERVERS"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("DNS_SERVERS: '  ' is not host[:port]");
    }

    @Test
    void parsesCommaSeparatedLists() {
        assertThat(DnsServerAddress.parseList("127.0.0.1:5353, [::1]:5353,9.9.9.9 ,", "DNS_SERVERS"))
            .containsExactly(new DnsServerAddress("127.0.0.1", 5353), new DnsServerAddress("::1", 5353),
                new DnsServerAddress("9.9.9.9", 53));
        assertThat(DnsServerAddress.parseList("1.1.1.1 8.8.8.8", "DNS_SERVERS"))
            .containsExactly(DnsServerAddress.of("1.1.1.1"), DnsServerAddress.of("8.8.8.8"));
        assertThat(DnsServerAddress.parseList("  ", "DNS_SERVERS")).isEmpty();
        assertThat(DnsServerAddress.parseList(null, "DNS_SERVERS")).isEmpty();
    }

    @Test
    void listErrorNamesTheBadEntry() {
        assertThatThrownBy(() -> DnsServerAddress.parseList("127.0.0.1:5353,foo:bar", "DNS_SERVERS"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("DNS_SERVERS: 'foo:bar' is not host[:port] (port must be 1-65535)");
    }
}
