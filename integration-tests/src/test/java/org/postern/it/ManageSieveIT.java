package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ManageSieve (RFC 5804) takes passwords only over TLS: before STARTTLS no SASL mechanism is offered and
 * AUTHENTICATE is refused; after it the capabilities are sent again with PLAIN, and the user logs in.
 */
@ExtendWith(SharedPostern.class)
class ManageSieveIT {
    private static final String USER = "sam@sieve-tls.test";
    private static final String PASSWORD = "sam-password";

    private final PosternProcess server = SharedPostern.server();

    @BeforeAll
    static void createUser() {
        SharedPostern.server().webAdmin().createDomain("sieve-tls.test");
        SharedPostern.server().webAdmin().createUser(USER, PASSWORD);
    }

    @Test
    void clearTextAuthenticationIsRefusedAndTlsAuthenticationWorks() {
        try (LineSession sieve = LineSession.connect(server.port("MANAGESIEVE_PORT"))) {
            List<String> greeting = sieve.linesUntil(line -> line.startsWith("OK"));
            assertThat(greeting).contains("\"SASL\" \"\"", "\"STARTTLS\"");

            sieve.send("AUTHENTICATE \"PLAIN\" \"" + plain(PASSWORD) + "\"");
            assertThat(sieve.line()).isEqualTo("NO (ENCRYPT-NEEDED) \"Authentication requires STARTTLS\"");
            sieve.send("AUTHENTICATE \"PLAIN\"");
            assertThat(sieve.line()).isEqualTo("NO (ENCRYPT-NEEDED) \"Authentication requires STARTTLS\"");

            sieve.send("STARTTLS");
            assertThat(sieve.line()).startsWith("OK");
            sieve.startTls();
            List<String> overTls = sieve.linesUntil(line -> line.startsWith("OK"));
            assertThat(overTls).contains("\"SASL\" \"PLAIN\"").doesNotContain("\"STARTTLS\"");

            sieve.send("AUTHENTICATE \"PLAIN\" \"" + plain(PASSWORD) + "\"");
            assertThat(sieve.line()).startsWith("OK");
            sieve.send("LISTSCRIPTS");
            assertThat(sieve.linesUntil(line -> line.startsWith("OK") || line.startsWith("NO"))).last().asString().startsWith("OK");
        }
    }

    private static String plain(String password) {
        return Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
