package org.postern.webadmin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.syntax.IpAddress;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Client addresses refused for failed logins ({@code auth_failure_limit}), listed and lifted:
 * <pre>
 * GET    /security/bans            [{"client":"192.0.2.7","until":"2026-11-29T10:30:00Z","failures":10}]
 * DELETE /security/bans/192.0.2.7  204; 404 when nothing is known of the address
 * </pre>
 * An IPv6 client is refused with its /64, listed as such; any address of it lifts the refusal.
 */
public class SecurityRoutes implements Routes {
    public static final String BANS = "/security/bans";

    private final LoginFailures loginFailures;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public SecurityRoutes(LoginFailures loginFailures) {
        this.loginFailures = loginFailures;
    }

    @Override
    public String getBasePath() {
        return BANS;
    }

    @Override
    public void define(Service service) {
        service.get(BANS, this::list, json);
        service.delete(BANS + "/:client", this::lift);
    }

    private List<Map<String, Object>> list(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        return loginFailures.bans().stream()
            .map(ban -> {
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("client", ban.client());
                described.put("until", ban.until().toString());
                described.put("failures", ban.failures());
                return described;
            })
            .toList();
    }

    private Object lift(Request request, Response response) {
        String client = request.params("client");
        if (!IpAddress.isValid(client)) {
            throw ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("\"%s\" is not an IPv4 or IPv6 address", client).haltError();
        }
        if (!loginFailures.lift(client)) {
            throw ErrorResponder.builder().statusCode(404).type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("no failed logins are known from %s", client).haltError();
        }
        response.status(204);
        return Constants.EMPTY_BODY;
    }
}
