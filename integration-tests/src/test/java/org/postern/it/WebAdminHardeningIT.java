package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webadmin as the internet would attack it, on the shipped configuration: bodies are never read before the
 * credentials are checked, and never beyond the limit; the health check tells strangers no more than a word;
 * web pages cannot drive it; the software is not named; user passwords have a minimum length.
 */
@ExtendWith(SharedPostern.class)
class WebAdminHardeningIT {
    private static final long FIFTY_MEGABYTES = 50L * 1024 * 1024;
    private static final String CREDENTIALS = "Authorization: " + RawHttp.basic("admin", PosternProcess.WEBADMIN_PASSWORD);

    private final PosternProcess server = SharedPostern.server();
    private final int port = server.port("WEBADMIN_PORT");

    @Test
    void aBodyWithoutCredentialsIsRefusedBeforeAByteOfItIsSent() {
        try (LineSession http = LineSession.connect(port)) {
            // only the head is sent: the answer must come without the server waiting for 50 MB
            RawHttp.Reply reply = RawHttp.exchange(http, "POST", "/policy/dry-run",
                List.of("Content-Type: application/json", "Content-Length: " + FIFTY_MEGABYTES), null);

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body()).contains("\"statusCode\":401");
            assertThat(http.closedByServer()).as("the unread body ends the connection").isTrue();
        }
    }

    @Test
    void parallelHugeBodiesWithoutCredentialsLeaveTheServerServing() throws Exception {
        byte[] megabyte = new byte[1024 * 1024];
        java.util.Arrays.fill(megabyte, (byte) 'a');
        List<CompletableFuture<Integer>> attackers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attackers.add(CompletableFuture.supplyAsync(() -> {
                try (LineSession http = LineSession.connect(port)) {
                    http.write(("POST /policy/dry-run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + FIFTY_MEGABYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    int status = RawHttp.reply(http).status();
                    try {
                        for (int sent = 0; sent < 50; sent++) {
                            http.write(megabyte);
                        }
                    } catch (RuntimeException closedByTheServer) {
                        // the server may hang up on what it refused
                    }
                    return status;
                }
            }));
        }
        CompletableFuture.allOf(attackers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(attackers).allSatisfy(attacker -> assertThat(attacker.join()).isEqualTo(401));
        // a heap holding 300 MB of bodies would have failed this server (its heap is 512 MB)
        assertThat(server.webAdmin().get("/domains").status()).isEqualTo(200);
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            assertThat(smtp.ehlo("still.there.example").code()).isEqualTo(250);
        }
        assertThat(server.currentRunLog()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void anAuthenticatedBodyOverTheLimitIsRefusedWith413BeforeItIsRead() {
        try (LineSession http = LineSession.connect(port)) {
            RawHttp.Reply reply = RawHttp.exchange(http, "PUT", "/users/huge@example.test",
                List.of(CREDENTIALS, "Content-Type: application/json", "Content-Length: " + FIFTY_MEGABYTES), null);

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("\"statusCode\":413").contains("request.body.limit");
        }
        assertThat(server.webAdmin().get("/users").body()).doesNotContain("huge@example.test");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAndOneWithinItReachesTheRoute() {
        try (LineSession http = LineSession.connect(port)) {
            StringBuilder chunks = new StringBuilder();
            String chunk = "x".repeat(64 * 1024);
            for (int i = 0; i < 20; i++) {
                chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            chunks.append("0\r\n\r\n");
            RawHttp.Reply reply = RawHttp.exchange(http, "POST", "/policy/dry-run",
                List.of(CREDENTIALS, "Content-Type: application/json", "Transfer-Encoding: chunked"),
                chunks.toString().getBytes(StandardCharsets.US_ASCII));

            assertThat(reply.status()).isEqualTo(413);
        }
        try (LineSession http = LineSession.connect(port)) {
            String json = "{\"server\":\"smtp\",\"clientAddress\":\"192.0.2.1\",\"recipient\":\"xyzzy\"}";
            String chunked = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
            RawHttp.Reply reply = RawHttp.exchange(http, "POST", "/policy/dry-run",
                List.of(CREDENTIALS, "Content-Type: application/json", "Transfer-Encoding: chunked"),
                chunked.getBytes(StandardCharsets.US_ASCII));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("need fully-qualified address");
        }
    }

    @Test
    void theHealthCheckGivesStrangersTheStatusOnlyAndTheAdminTheDetails() {
        WebAdminClient.Reply bare = server.webAdmin().withoutCredentials().get("/healthcheck");
        WebAdminClient.Reply detailed = server.webAdmin().get("/healthcheck");

        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.body()).isEqualTo("{\"status\":\"healthy\"}");
        assertThat(detailed.body()).contains("\"checks\"").contains("componentName");
        assertThat(server.webAdmin().withoutCredentials().get("/healthcheck/checks").status()).isEqualTo(401);
    }

    @Test
    void repliesNameNoSoftwareAndCarryNoCorsHeaders() {
        try (LineSession http = LineSession.connect(port)) {
            RawHttp.Reply reply = RawHttp.exchange(http, "GET", "/domains", List.of(CREDENTIALS), null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Server")).isEmpty();
            assertThat(reply.headers()).noneMatch(header -> header.toLowerCase().startsWith("access-control-"));
        }
    }

    @Test
    void aRequestFromAWebPageIsRefusedEvenWithTheAdminsCredentials() {
        try (LineSession http = LineSession.connect(port)) {
            RawHttp.Reply reply = RawHttp.exchange(http, "PUT", "/domains/csrf.example",
                List.of(CREDENTIALS, "Origin: http://evil.example"), null);

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.headers()).noneMatch(header -> header.toLowerCase().startsWith("access-control-"));
        }
        try (LineSession http = LineSession.connect(port)) {
            RawHttp.Reply preflight = RawHttp.exchange(http, "OPTIONS", "/domains/csrf.example",
                List.of("Origin: http://evil.example", "Access-Control-Request-Method: PUT"), null);

            assertThat(preflight.status()).isEqualTo(403);
            assertThat(preflight.headers()).noneMatch(header -> header.toLowerCase().startsWith("access-control-"));
        }
        assertThat(server.webAdmin().get("/domains").body()).doesNotContain("csrf.example");
    }

    @Test
    void userPasswordsShorterThanTheMinimumOrBlankAreRefusedWith400() {
        server.webAdmin().createDomain("passwords.test");

        WebAdminClient.Reply tooShort = server.webAdmin().putJson("/users/eve@passwords.test", "{\"password\":\"12345\"}");
        WebAdminClient.Reply blank = server.webAdmin().putJson("/users/eve@passwords.test", "{\"password\":\"        \"}");

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("\"statusCode\":400").contains("at least 8 characters");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("must not be blank");
        assertThat(server.webAdmin().get("/users").body()).doesNotContain("eve@passwords.test");
        // the right length is accepted, and logs in
        server.webAdmin().createUser("eve@passwords.test", "12345678");
        assertThat(Mailboxes.imapSubjects(server, "eve@passwords.test", "12345678")).isEmpty();
    }

    @Test
    void pathsWithParametersOrEscapesThatAreNotUtf8AreRefusedWith400() {
        RawHttp.Reply parameter = authenticated("DELETE", "/policy/hold/some-key;other");
        RawHttp.Reply notUtf8 = authenticated("GET", "/policy/tables/x/entries/%FF@example.com");
        RawHttp.Reply badEscape = authenticated("GET", "/policy/hold?limit=%G1");

        assertThat(parameter.status()).isEqualTo(400);
        assertThat(parameter.body()).contains("path parameters are not accepted");
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.body()).contains("\"statusCode\":400").contains("is not UTF-8");
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(badEscape.body()).contains("not followed by two hexadecimal digits");
    }

    private RawHttp.Reply authenticated(String method, String path) {
        try (LineSession http = LineSession.connect(port)) {
            return RawHttp.exchange(http, method, path, List.of(CREDENTIALS, "Content-Length: 0"), null);
        }
    }
}
