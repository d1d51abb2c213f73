package org.postern.policy.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void ipv4AndIpv6NetworksAsAdminsWriteThem() {
        Networks networks = Networks.parse("main.cf", "mynetworks",
            "127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128, 192.168.1.0/24 2001:db8::/32 198.51.100.7");

        assertThat(networks.contains("127.1.2.3")).isTrue();
        assertThat(networks.contains("::ffff:127.0.0.9")).isTrue();
        assertThat(networks.contains("::1")).isTrue();
        assertThat(networks.contains("192.168.1.200")).isTrue();
        assertThat(networks.contains("192.168.2.1")).isFalse();
        assertThat(networks.contains("2001:db8:1::5")).isTrue();
        assertThat(networks.contains("2001:db9::5")).isFalse();
        assertThat(networks.contains("198.51.100.7")).isTrue();
        assertThat(networks.contains("unknown")).isFalse();
    }

    @Test
    void theFirstMatchDecidesSoNegationCarvesOut() {
        Networks networks = Networks.parse("main.cf", "mynetworks", "!10.0.0.5 10.0.0.0/8");
        assertThat(networks.contains("10.0.0.5")).isFalse();
        assertThat(networks.contains("10.0.0.6")).isTrue();
    }

    @Test
    void whatCannotBeAnAddressIsRefused() {
        assertThatThrownBy(() -> Networks.parse("main.cf", "mynetworks", "10.0.0.0/33"))
            .hasMessage("main.cf: mynetworks: \"10.0.0.0/33\": bad network prefix length");
        assertThatThrownBy(() -> Networks.parse("main.cf", "mynetworks", "trusted.example.com"))
            .hasMessage("main.cf: mynetworks: \"trusted.example.com\": not an IP address or network "
                + "(host and domain names are not supported here)");
        assertThatThrownBy(() -> Networks.parse("main.cf", "mynetworks", "hash:/etc/postfix/network_table"))
            .hasMessageEndingWith("files and lookup tables are not supported here; list addresses and networks");
        assertThatThrownBy(() -> Networks.parse("main.cf", "mynetworks", "1.2.3"))
            .hasMessageEndingWith("not an IP address or network (host and domain names are not supported here)");
    }
}
