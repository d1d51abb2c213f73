package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Domains and users over webadmin, never without credentials; bad input answers 400 JSON. */
@ExtendWith(SharedPostern.class)
class WebAdminIT {
    private final WebAdminClient webAdmin = SharedPostern.server().webAdmin();

    @Test
    void requestsWithoutCredentialsAreRefusedWith401() {
        WebAdminClient anonymous = webAdmin.withoutCredentials();

        WebAdminClient.Reply list = anonymous.get("/domains");
        WebAdminClient.Reply create = anonymous.put("/domains/anonymous.test");

        assertThat(list.status()).isEqualTo(401);
        assertThat(list.body()).contains("\"statusCode\":401");
        assertThat(create.status()).isEqualTo(401);
        assertThat(webAdmin.get("/domains").body()).doesNotContain("anonymous.test");
    }

    @Test
    void wrongPasswordIsRefusedWith401() {
        assertThat(webAdmin.withCredentials("admin", "not-the-password").get("/users").status()).isEqualTo(401);
        assertThat(webAdmin.withCredentials("root", PosternProcess.WEBADMIN_PASSWORD).get("/users").status()).isEqualTo(401);
    }

    @Test
    void domainsAndUsersAreCreatedAndListed() {
        webAdmin.createDomain("webadmin.test");
        webAdmin.createUser("carol@webadmin.test", "carol-password");

        assertThat(webAdmin.get("/domains").body()).contains("\"webadmin.test\"");
        assertThat(webAdmin.get("/users").body()).contains("\"carol@webadmin.test\"");
        assertThat(webAdmin.get("/domains/webadmin.test").status()).isEqualTo(204);
    }

    @Test
    void anInvalidDomainNameIsA400WithAJsonMessage() {
        WebAdminClient.Reply reply = webAdmin.put("/domains/bad_domain..test");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"statusCode\":400").contains("\"message\"");
        assertThat(webAdmin.get("/domains").body()).doesNotContain("bad_domain");
    }

    @Test
    void malformedJsonIsA400AndCreatesNothing() {
        webAdmin.createDomain("json.test");

        WebAdminClient.Reply reply = webAdmin.putJson("/users/dave@json.test", "{\"password\":");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"statusCode\":400").contains("JSON");
        assertThat(webAdmin.get("/users").body()).doesNotContain("dave@json.test");
    }

    @Test
    void aUserOfAnUnknownDomainIsA400() {
        WebAdminClient.Reply reply = webAdmin.putJson("/users/erin@not-hosted.test", "{\"password\":\"erin-password\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"statusCode\":400");
        assertThat(webAdmin.get("/users").body()).doesNotContain("erin@not-hosted.test");
    }
}
