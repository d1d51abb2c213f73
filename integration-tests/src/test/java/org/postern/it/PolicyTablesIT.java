package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The db: lookup tables and the policy dry run over webadmin, on the real server. */
@ExtendWith(SharedPostern.class)
class PolicyTablesIT {
    private final WebAdminClient webAdmin = SharedPostern.server().webAdmin();

    @Test
    void entriesArePutReadListedAndDeleted() {
        webAdmin.declareTable("it-blocked", "access");
        WebAdminClient.Reply put = webAdmin.putJson("/policy/tables/it-blocked/entries/Spammer@Example.com",
            "{\"value\":\"REJECT no thanks\"}");
        webAdmin.putJson("/policy/tables/it-blocked/entries/other@example.com", "{\"value\":\"550 5.7.1 go away\"}");

        assertThat(put.status()).isEqualTo(204);
        WebAdminClient.Reply entry = webAdmin.get("/policy/tables/it-blocked/entries/SPAMMER@example.com");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.body()).isEqualTo("{\"key\":\"spammer@example.com\",\"value\":\"REJECT no thanks\"}");
        assertThat(webAdmin.get("/policy/tables/it-blocked").body()).isEqualTo(
            "[{\"key\":\"other@example.com\",\"value\":\"550 5.7.1 go away\"},"
                + "{\"key\":\"spammer@example.com\",\"value\":\"REJECT no thanks\"}]");
        assertThat(webAdmin.get("/policy/tables").body()).contains("{\"name\":\"it-blocked\",\"kind\":\"access\",\"entries\":2}");

        assertThat(webAdmin.delete("/policy/tables/it-blocked/entries/spammer@example.com").status()).isEqualTo(204);
        assertThat(webAdmin.delete("/policy/tables/it-blocked/entries/spammer@example.com").status()).isEqualTo(404);
        WebAdminClient.Reply gone = webAdmin.get("/policy/tables/it-blocked/entries/spammer@example.com");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("\"statusCode\":404").contains("\"type\":\"notFound\"");
    }

    @Test
    void aMalformedActionIsA400AndNothingIsWritten() {
        webAdmin.declareTable("it-malformed", "access");
        WebAdminClient.Reply reply = webAdmin.putJson("/policy/tables/it-malformed/entries/a@example.com",
            "{\"value\":\"250 fine\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"statusCode\":400").contains("\"type\":\"InvalidArgument\"").contains("250 fine");
        assertThat(webAdmin.get("/policy/tables/it-malformed/entries/a@example.com").status()).isEqualTo(404);
    }

    @Test
    void aTableIsDeclaredBeforeEntriesGoIntoIt() {
        WebAdminClient.Reply undeclared = webAdmin.putJson("/policy/tables/it-undeclared/entries/a@example.com",
            "{\"value\":\"OK\"}");

        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.body()).contains("table it-undeclared has no kind");
        assertThat(webAdmin.putJson("/policy/tables/it-undeclared", "{\"kind\":\"bogus\"}").status()).isEqualTo(400);
    }

    @Test
    void aPostfixMapIsImportedWholeOrNotAtAllAndExportedBack() {
        webAdmin.declareTable("it-moved", "relocated");
        assertThat(webAdmin.putJson("/policy/tables/it-moved/entries/kept@example.com", "{\"value\":\"kept@new.example\"}")
            .status()).isEqualTo(204);

        WebAdminClient.Reply refused = webAdmin.postText("/policy/maps/tables/it-moved?mode=replace",
            "# relocated users\njohn@example.com john@new.example\njane@example.com\n");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("1 refused line in the map; nothing was written").contains("map line 3");
        assertThat(webAdmin.get("/policy/tables/it-moved").body())
            .isEqualTo("[{\"key\":\"kept@example.com\",\"value\":\"kept@new.example\"}]");

        WebAdminClient.Reply imported = webAdmin.postText("/policy/maps/tables/it-moved?mode=replace",
            "john@example.com john@new.example\n@old.example   the new office, see https://new.example/\n");
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body()).contains("\"entries\":2");
        assertThat(webAdmin.get("/policy/maps/tables/it-moved").body()).isEqualTo("# db:it-moved (relocated), 2 entries\n"
            + "@old.example\tthe new office, see https://new.example/\njohn@example.com\tjohn@new.example\n");
    }

    @Test
    void aBadTableNameIsA400() {
        WebAdminClient.Reply reply = webAdmin.putJson("/policy/tables/Bad.Table/entries/a@example.com", "{\"value\":\"OK\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"statusCode\":400").contains("bad table name");
    }

    @Test
    void requestsWithoutCredentialsAreRefusedWith401() {
        WebAdminClient anonymous = webAdmin.withoutCredentials();

        assertThat(anonymous.get("/policy/tables").status()).isEqualTo(401);
        assertThat(anonymous.putJson("/policy/tables/it-anonymous/entries/a@example.com", "{\"value\":\"OK\"}").status())
            .isEqualTo(401);
        assertThat(post(SharedPostern.server(), "/policy/dry-run", "{}", false).status()).isEqualTo(401);
        assertThat(webAdmin.get("/policy/tables/it-anonymous").body()).isEqualTo("[]");
    }

    @Test
    void entriesSurviveARestart() {
        try (PosternProcess server = PosternProcess.builder().build().start()) {
            WebAdminClient client = server.webAdmin();
            client.declareTable("relocated-senders", "access");
            assertThat(client.putJson("/policy/tables/relocated-senders/entries/Old@Example.com",
                "{\"value\":\"REJECT moved\"}").status()).isEqualTo(204);

            server.restart();

            assertThat(server.webAdmin().get("/policy/tables/relocated-senders/entries/old@example.com").body())
                .isEqualTo("{\"key\":\"old@example.com\",\"value\":\"REJECT moved\"}");
            assertThat(server.webAdmin().get("/policy/tables").body())
                .contains("{\"name\":\"relocated-senders\",\"kind\":\"access\",\"entries\":1}");
        }
    }

    @Test
    void theDryRunRefusesARelayAttemptFromOutside() {
        WebAdminClient.Reply reply = post(SharedPostern.server(), "/policy/dry-run",
            "{\"server\":\"smtp\",\"clientAddress\":\"192.0.2.1\",\"clientName\":\"mail.example.org\","
                + "\"helo\":\"mail.example.org\",\"sender\":\"a@example.org\",\"recipient\":\"b@elsewhere.example\","
                + "\"saslUser\":null}", true);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"decision\":\"REJECT\"")
            .contains("\"reply\":\"554 5.7.1 <b@elsewhere.example>: Relay access denied\"")
            .contains("\"stage\":\"RECIPIENT\"")
            .contains("\"list\":\"smtpd_relay_restrictions\"")
            .contains("\"check\":\"reject_unauth_destination\"");
    }

    @Test
    void theDryRunRefusesAnUnknownServerAndABadAddress() {
        PosternProcess server = SharedPostern.server();

        WebAdminClient.Reply unknown = post(server, "/policy/dry-run",
            "{\"server\":\"nope\",\"clientAddress\":\"192.0.2.1\",\"recipient\":\"b@example.com\"}", true);
        WebAdminClient.Reply badAddress = post(server, "/policy/dry-run",
            "{\"server\":\"smtp\",\"clientAddress\":\"192.0.2.300\",\"recipient\":\"b@example.com\"}", true);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown server");
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.body()).contains("clientAddress");
    }

    /** WebAdminClient has no POST. */
    private static WebAdminClient.Reply post(PosternProcess server, String path, String json, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port("WEBADMIN_PORT") + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + PosternProcess.WEBADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new WebAdminClient.Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
