package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4.", "a.b.c.d", "",
        "10.1", "1.2.3.-4", "１.2.3.4"})
    void refusesWhatInetPtonRefusesForIpv4(String text) {
        assertThat(IpAddresses.parseIpv4(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "1:", ":1", "12345::", "g::1",
        "1:2:3:4::5:6:7:8", "fe80::1%eth0", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "１::"})
    void refusesWhatInetPtonRefusesForIpv6(String text) {
        assertThat(IpAddresses.parseIpv6(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "192.168.001.1, ",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0001:0000:0000:0000:0001, 2001:db8:0:1::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::1.2.3.4, ::1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "fe80::0:0:1, fe80::1",
    })
    void formatsAsInetNtopDoes(String text, String expected) {
        Optional<String> formatted = IpAddresses.parse(text).map(IpAddresses::format);

        assertThat(formatted).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource({"::ffff:10.0.0.1, 10.0.0.1", "::ffff:a00:1, 10.0.0.1"})
    void unmapsIpv4MappedAddresses(String text, String expected) {
        byte[] address = IpAddresses.parse(text).orElseThrow();

        assertThat(IpAddresses.unmapIpv4(address).map(IpAddresses::format)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::fffe:10.0.0.1", "1.2.3.4", "2001:db8::ffff:10.0.0.1"})
    void leavesOtherAddressesMapped(String text) {
        assertThat(IpAddresses.unmapIpv4(IpAddresses.parse(text).orElseThrow())).isEmpty();
    }
}
