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
import java.util.List;

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
    void aMapSentAsCurlSendsItByDefaultIsImportedWhole() {
        // curl --data-binary sends application/x-www-form-urlencoded: the map must not be read as a form
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            map.append("user").append(i).append("@example.com REJECT moved away, try user").append(i).append("@new.example\n");
        }
        WebAdminClient.Reply imported = webAdmin.send("POST", "/policy/maps/tables/it-curl?mode=replace&kind=access",
            "application/x-www-form-urlencoded", map.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(map.length()).isGreaterThan(500_000);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.body()).contains("\"entries\":10000");
        assertThat(webAdmin.get("/policy/tables/it-curl/entries/user9999@example.com").body()).contains("try user9999@new.example");
    }

    @Test
    void aMapWithNoEntryDoesNotEmptyATable() {
        webAdmin.declareTable("it-kept", "access");
        webAdmin.putJson("/policy/tables/it-kept/entries/a@example.com", "{\"value\":\"REJECT\"}");

        WebAdminClient.Reply empty = webAdmin.postText("/policy/maps/tables/it-kept?mode=replace", "# nothing here\n");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("the map has no entry").contains("DELETE /policy/tables/it-kept");
        assertThat(webAdmin.get("/policy/tables/it-kept/entries/a@example.com").status()).isEqualTo(200);
    }

    @Test
    void aRefusedImportLeavesANewTableUndeclared() {
        WebAdminClient.Reply refused = webAdmin.postText("/policy/maps/tables/it-never?kind=access", "a@example.com 250 fine\n");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(webAdmin.get("/policy/tables/it-never").status()).isEqualTo(404);
        assertThat(webAdmin.get("/policy/tables").body()).doesNotContain("it-never");
    }

    @Test
    void valuesAndKeysThatWouldNotReadBackAsTheyWereWrittenAreRefused() {
        webAdmin.declareTable("it-lines", "access");

        WebAdminClient.Reply newline = webAdmin.putJson("/policy/tables/it-lines/entries/a@example.com",
            "{\"value\":\"REJECT bye\\nevil@example.com OK\"}");
        WebAdminClient.Reply quotedNewline = webAdmin.putJson("/policy/tables/it-lines/entries/%22a%0Ab%22@example.com",
            "{\"value\":\"REJECT\"}");
        WebAdminClient.Reply twice = webAdmin.putJson("/policy/tables/it-lines/entries/b@example.com",
            "{\"value\":\"OK\",\"value\":\"REJECT\"}");
        WebAdminClient.Reply trailing = webAdmin.putJson("/policy/tables/it-lines/entries/b@example.com",
            "{\"value\":\"OK\"}garbage");
        WebAdminClient.Reply latin1 = webAdmin.send("PUT", "/policy/tables/it-lines/entries/b@example.com", "application/json",
            "{\"value\":\"REJECT caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(newline.body()).contains("must not hold line breaks");
        assertThat(quotedNewline.body()).contains("must not hold line breaks");
        assertThat(twice.body()).contains("not valid JSON");
        assertThat(trailing.body()).contains("not valid JSON");
        assertThat(latin1.body()).contains("the body is not UTF-8");
        assertThat(List.of(newline, quotedNewline, twice, trailing, latin1)).allMatch(reply -> reply.status() == 400);
        assertThat(webAdmin.get("/policy/tables/it-lines").body()).isEqualTo("[]");

        assertThat(webAdmin.putJson("/policy/tables/it-lines/entries/b@example.com", "{\"value\":\"  REJECT no  \"}").status())
            .isEqualTo(204);
        assertThat(webAdmin.get("/policy/tables/it-lines/entries/b@example.com").body()).contains("\"value\":\"REJECT no\"");
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
        assertThat(webAdmin.get("/policy/tables/it-anonymous").status()).isEqualTo(404);
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
