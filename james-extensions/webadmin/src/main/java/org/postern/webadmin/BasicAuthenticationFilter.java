package org.postern.webadmin;

import static spark.Spark.halt;

import javax.inject.Inject;

import org.apache.james.webadmin.authentication.AuthenticationFilter;

import spark.Request;
import spark.Response;

/**
 * HTTP Basic authentication in front of every webadmin route. A request without valid credentials is
 * answered 401 with a JSON body and a {@code WWW-Authenticate} challenge, before any route runs. The
 * {@link WebAdminGate} in front of Spark has already authenticated every request before reading its body;
 * this filter is the second lock on the same door, should a request reach Spark some other way.
 */
public class BasicAuthenticationFilter implements AuthenticationFilter {
    static final String CHALLENGE = "Basic realm=\"Postern webadmin\", charset=\"UTF-8\"";
    static final String UNAUTHORIZED_BODY =
        "{\"statusCode\":401,\"type\":\"InvalidArgument\",\"message\":\"Authentication required: HTTP Basic credentials of the webadmin account\"}";

    private final WebAdminCredentials credentials;

    @Inject
    public BasicAuthenticationFilter(WebAdminCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void handle(Request request, Response response) {
        if (!credentials.authenticates(request.headers("Authorization"))) {
            response.header("WWW-Authenticate", CHALLENGE);
            response.type("application/json");
            halt(401, UNAUTHORIZED_BODY);
        }
    }
}
