package org.postern.policy.client;

import java.util.List;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;

/**
 * Who the client is and how it behaves: {@code permit_mynetworks} (the server's mynetworks),
 * {@code permit_sasl_authenticated}, {@code reject_unauth_pipelining}.
 */
public final class ClientRestrictions implements RestrictionFeature {

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        registrar.plain("permit_mynetworks", () -> new PermitMynetworks(parameters.mynetworks()));
        registrar.plain("permit_sasl_authenticated", PermitSaslAuthenticated::new);
        registrar.plain("reject_unauth_pipelining", RejectUnauthPipelining::new);
    }
}
