package org.postern.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Webadmin over real HTTP, with or without the admin's Basic credentials. */
public final class WebAdminClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int port;
    private final Optional<String> authorization;

    WebAdminClient(int port, String user, String password) {
        this(port, Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    private WebAdminClient(int port, Optional<String> authorization) {
        this.port = port;
        this.authorization = authorization;
    }

    public WebAdminClient withoutCredentials() {
        return new WebAdminClient(port, Optional.empty());
    }

    public WebAdminClient withCredentials(String user, String password) {
        return new WebAdminClient(port, user, password);
    }

    public record Reply(int status, String body) {
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply putText(String path, String text) {
        return send(request(path).header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(text)));
    }

    public Reply postText(String path, String text) {
        return send(request(path).header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** Any request, with the body and content type given (null for none), as a script might send it. */
    public Reply send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** Declares the kind of a db: table (access, relocated...), as webadmin wants before entries go into it. */
    public void declareTable(String table, String kind) {
        expect(putJson("/policy/tables/" + table, "{\"kind\":\"" + kind + "\"}"), 204, "declare table " + table);
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public void createDomain(String domain) {
        expect(put("/domains/" + domain), 204, "create domain " + domain);
    }

    public void createUser(String address, String password) {
        expect(putJson("/users/" + address, "{\"password\":\"" + password + "\"}"), 204, "create user " + address);
    }

    public void createAlias(String alias, String user) {
        expect(put("/address/aliases/" + user + "/sources/" + alias), 204, "create alias " + alias);
    }

    /** A user's message count as the quota routes report it ({@code GET /quota/users/x}, "occupation"). */
    public long usedMessages(String user) {
        Reply reply = get("/quota/users/" + user);
        expect(reply, 200, "quota of " + user);
        try {
            return new ObjectMapper().readTree(reply.body()).path("occupation").path("count").asLong(-1);
        } catch (JsonProcessingException e) {
            throw new AssertionError("quota of " + user + ": not JSON: " + reply.body(), e);
        }
    }

    private static void expect(Reply reply, int status, String what) {
        if (reply.status() != status) {
            throw new AssertionError(what + ": HTTP " + reply.status() + " " + reply.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
