package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Bad configuration stops startup with one line naming the variable, file or port, and exit code 1. */
class StartupErrorsIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void aPortInUseIsReportedByServiceAndNumber() throws IOException {
        try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             PosternProcess server = PosternProcess.builder().env("IMAP_PORT", String.valueOf(occupied.getLocalPort())).build()) {
            server.launch();

            assertThat(server.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(server.currentRunLog()).contains("postern: cannot start: IMAP port " + occupied.getLocalPort()
                + " on 127.0.0.1 is already in use (set IMAP_PORT to another port)");
        }
    }

    @Test
    void aMalformedPortVariableIsNamed() {
        try (PosternProcess server = PosternProcess.builder().env("SMTP_PORT", "25x").build()) {
            server.launch();

            assertThat(server.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(server.currentRunLog()).contains("postern: cannot start: SMTP_PORT: '25x' is not a port number (1-65535)");
        }
    }

    @Test
    void aMalformedDnsServerIsNamed() {
        try (PosternProcess server = PosternProcess.builder().dnsServer("127.0.0.1:99999").build()) {
            server.launch();

            assertThat(server.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(server.currentRunLog()).contains("postern: cannot start: DNS_SERVERS: '127.0.0.1:99999'");
        }
    }

    @Test
    void aMalformedConfigurationFileIsNamed() {
        try (PosternProcess server = PosternProcess.builder()
                .editConf("smtpserver.xml", xml -> xml.replaceFirst("</smtpservers>", ""))
                .build()) {
            server.launch();

            assertThat(server.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(server.currentRunLog()).containsPattern("postern: cannot start: \\S+/smtpserver\\.xml line [0-9]+, column [0-9]+: ");
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithTheFile() {
        try (PosternProcess server = PosternProcess.builder()
                .editConf("james-database.properties", text -> text
                    .replace("database.driverClassName=org.apache.derby.jdbc.EmbeddedDriver", "database.driverClassName=org.postgresql.Driver")
                    .replace("database.url=jdbc:derby:${sys:postern.data.dir}/store/derby;create=true",
                        "database.url=jdbc:postgresql://127.0.0.1:" + PosternProcess.freePort() + "/postern"))
                .build()) {
            server.launch();

            assertThat(server.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(server.currentRunLog()).contains("postern: cannot start: conf/james-database.properties: cannot connect to jdbc:postgresql://127.0.0.1:");
        }
    }
}
