package org.postern.policy.relay;

import java.util.List;

import javax.inject.Inject;

import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.syntax.PostfixValues;

/**
 * Relay control: {@code reject_unauth_destination}, {@code defer_unauth_destination} (relay_domains_reject_code)
 * and {@code permit_auth_destination}, judged against our destinations with allow_untrusted_routing.
 */
public final class RelayRestrictions implements RestrictionFeature {
    private final Destinations destinations;

    @Inject
    public RelayRestrictions(Destinations destinations) {
        this.destinations = destinations;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("relay_domains_reject_code", "554"), Parameter.of("allow_untrusted_routing", "no"));
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        int code = parameters.get("relay_domains_reject_code", RelayRestrictions::relayCode);
        AuthorizedDestination authorized = new AuthorizedDestination(destinations, parameters.bool("allow_untrusted_routing"));
        registrar.plain("reject_unauth_destination", () -> new RejectUnauthDestination(authorized, code, false));
        registrar.plain("defer_unauth_destination", () -> new RejectUnauthDestination(authorized, code, true));
        registrar.plain("permit_auth_destination", () -> new PermitAuthDestination(authorized));
    }

    private static int relayCode(String value) {
        int code = PostfixValues.parseRejectCode(value);
        // defer_unauth_destination answers this code minus 100: it must stay a 4xx.
        if (code / 100 != 5) {
            throw new IllegalArgumentException("'" + value + "' must be a 5xx code (defer_unauth_destination uses it minus 100)");
        }
        return code;
    }
}
