package org.postern.policy.policyservice;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

import org.postern.policy.access.AccessParameters;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;

/**
 * {@code check_policy_service inet:host:port} (or {@code { inet:host:port, timeout=10s, ... }}): an external
 * policy server (postgrey, policyd-spf...) speaking Postfix's delegation protocol, configured by the
 * smtpd_policy_service_* parameters. One client per service, shared by every list and server that names it.
 */
public final class PolicyServiceRestrictions implements RestrictionFeature, Closeable {
    private final PolicyServiceClients clients;

    public PolicyServiceRestrictions() {
        this(new PolicyServiceClients());
    }

    public PolicyServiceRestrictions(PolicyServiceClients clients) {
        this.clients = clients;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> parameters = new ArrayList<>(PolicyServiceSettings.PARAMETERS);
        parameters.addAll(AccessParameters.PARAMETERS);
        return parameters;
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        PolicyServiceSettings defaults = PolicyServiceSettings.from(parameters);
        AccessParameters access = AccessParameters.from(parameters);
        registrar.withArgument("check_policy_service", service -> new CheckPolicyService(
            clients.clientFor(PolicyServiceEndpoint.parse(service, defaults)), access, registrar.nested()));
    }

    @Override
    public void close() {
        clients.close();
    }
}
