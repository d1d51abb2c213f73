package org.postern.webadmin;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The passwords webadmin gives users ({@code PUT /users/<name>} with {@code {"password":...}}): not blank, and
 * at least {@code users.password.minimum.length} characters (8; conf/webadmin.properties). Anything shorter is
 * answered 400 with a JSON message before James's route stores it.
 */
public class UserPasswordPolicy implements Routes {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int minimumLength;

    @Inject
    public UserPasswordPolicy(WebAdminLimits limits) {
        this.minimumLength = limits.passwordMinimumLength();
    }

    @Override
    public String getBasePath() {
        return "/users";
    }

    @Override
    public void define(Service service) {
        service.before("/users/*", this::check);
    }

    private void check(Request request, Response response) {
        if (!"PUT".equals(request.requestMethod()) || !request.pathInfo().matches("/users/[^/]+")) {
            return;
        }
        password(request.body()).ifPresent(password -> {
            if (password.isBlank()) {
                throw badRequest("the password must not be blank");
            }
            if (password.codePointCount(0, password.length()) < minimumLength) {
                throw badRequest("the password must be at least " + minimumLength
                    + " characters long (users.password.minimum.length in conf/webadmin.properties)");
            }
        });
    }

    /** The password field of the body; empty when the body is not JSON or has none (James's route answers those). */
    private static Optional<String> password(String body) {
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            return node != null && node.path("password").isTextual() ? Optional.of(node.get("password").textValue()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static RuntimeException badRequest(String message) {
        return ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(message).haltError();
    }
}
