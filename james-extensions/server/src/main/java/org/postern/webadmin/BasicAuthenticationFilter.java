package org.postern.webadmin;

import static spark.Spark.halt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.authentication.AuthenticationFilter;

import spark.Request;
import spark.Response;

/**
 * HTTP Basic authentication in front of every webadmin route. A request without valid credentials is
 * answered 401 with a JSON body and a {@code WWW-Authenticate} challenge, before any route runs.
 */
public class BasicAuthenticationFilter implements AuthenticationFilter {
    private static final String PREFIX = "Basic ";
    private static final String CHALLENGE = "Basic realm=\"Postern webadmin\", charset=\"UTF-8\"";
    private static final String UNAUTHORIZED_BODY =
        "{\"statusCode\":401,\"type\":\"InvalidArgument\",\"message\":\"Authentication required: HTTP Basic credentials of the webadmin account\"}";

    private final WebAdminCredentials credentials;

    @Inject
    public BasicAuthenticationFilter(WebAdminCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void handle(Request request, Response response) {
        if (!authenticated(request.headers("Authorization"))) {
            response.header("WWW-Authenticate", CHALLENGE);
            response.type("application/json");
            halt(401, UNAUTHORIZED_BODY);
        }
    }

    private boolean authenticated(String header) {
        return Optional.ofNullable(header)
            .filter(value -> value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
            .flatMap(value -> decode(value.substring(PREFIX.length()).trim()))
            .map(userAndPassword -> {
                int colon = userAndPassword.indexOf(':');
                return colon > 0 && credentials.matches(userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
            })
            .orElse(false);
    }

    private static Optional<String> decode(String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
