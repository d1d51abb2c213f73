package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;

class ServerSettingsTest {
    @TempDir
    Path home;

    private Map<String, String> environment(String... pairs) {
        Map<String, String> environment = new HashMap<>();
        environment.put("POSTERN_HOME", home.toString());
        environment.put("CONF_DIR", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            environment.put(pairs[i], pairs[i + 1]);
        }
        return environment;
    }

    @Test
    void defaultsAreTheStandardPortsWithWebadminOnLoopback() {
        ServerSettings settings = ServerSettings.fromEnvironment(environment("MAIL_HOSTNAME", "MX.Example.COM"));

        assertThat(settings.listeners()).extracting(ListenerPort::port)
            .containsExactly(25, 587, 465, 143, 993, 110, 995, 4190, 8000);
        assertThat(settings.listener("SMTP_PORT").bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.listener("WEBADMIN_PORT").bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.hostname()).isEqualTo("mx.example.com");
        assertThat(settings.dataDirectory()).isEqualTo(home.resolve("var"));
        assertThat(settings.dnsServers()).isEmpty();
    }

    @Test
    void everyPortAndAddressIsOverridable() {
        ServerSettings settings = ServerSettings.fromEnvironment(environment(
            "SMTP_PORT", "2525", "SUBMISSION_PORT", "5870", "WEBADMIN_PORT", "18000",
            "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", home.resolve("data").toString()));

        assertThat(settings.listener("SMTP_PORT").port()).isEqualTo(2525);
        assertThat(settings.listener("SUBMISSION_PORT").port()).isEqualTo(5870);
        assertThat(settings.listener("WEBADMIN_PORT").port()).isEqualTo(18000);
        assertThat(settings.listener("IMAP_PORT").bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.dataDirectory()).isEqualTo(home.resolve("data"));
    }

    @Test
    void aMalformedPortNamesTheVariable() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("POP3_PORT", "70000")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("POP3_PORT: '70000' is not a port number (1-65535)");
    }

    @Test
    void twoServicesOnOnePortAreRefused() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("IMAP_PORT", "2525", "SMTP_PORT", "2525")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("SMTP_PORT and IMAP_PORT are both 2525: each service needs its own port");
    }

    @Test
    void bindAddressesMustBeIpv4() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("BIND_ADDRESS", "::")))
            .hasMessageStartingWith("BIND_ADDRESS: '::' is not an IPv4 address");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("WEBADMIN_BIND_ADDRESS", "localhost")))
            .hasMessageStartingWith("WEBADMIN_BIND_ADDRESS: 'localhost' is not an IPv4 address");
    }

    @Test
    void anInvalidHostnameIsRefused() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("MAIL_HOSTNAME", "mx_1.example.com")))
            .hasMessage("MAIL_HOSTNAME: 'mx_1.example.com' is not a valid host name");
    }

    @Test
    void certificateAndKeyComeTogether() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("TLS_CERT_FILE", "/etc/ssl/cert.pem")))
            .hasMessage("TLS_KEY_FILE: must be set together with TLS_CERT_FILE");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("TLS_KEY_FILE", "/etc/ssl/key.pem")))
            .hasMessage("TLS_CERT_FILE: must be set together with TLS_KEY_FILE");
    }

    @Test
    void dnsServersAreCheckedAtOnce() {
        assertThat(ServerSettings.fromEnvironment(environment("DNS_SERVERS", "127.0.0.1:5353, [::1]:53")).dnsServers())
            .contains("127.0.0.1:5353, [::1]:53");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("DNS_SERVERS", "127.0.0.1:0")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith("DNS_SERVERS: '127.0.0.1:0'");
    }

    @Test
    void aMissingConfigurationDirectoryIsNamed() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment("CONF_DIR", home.resolve("nowhere").toString())))
            .hasMessage("CONF_DIR: " + home.resolve("nowhere") + " is not a directory");
    }
}
