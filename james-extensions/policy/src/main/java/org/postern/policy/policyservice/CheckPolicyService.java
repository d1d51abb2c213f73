package org.postern.policy.policyservice;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessAction;
import org.postern.policy.access.AccessActionOutcome;
import org.postern.policy.access.AccessParameters;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.NestedRestrictions;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check_policy_service inet:host:port}: ask an external policy server (postgrey, policyd-spf,
 * postfwd...) and treat its {@code action=} like an access map value. When the server cannot be reached
 * or answers nonsense, the service's default action applies ({@code 451 4.3.5 Server configuration
 * problem} unless configured otherwise): the client retries later; nothing is accepted blind.
 */
public final class CheckPolicyService implements Restriction {
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckPolicyService.class);
    private static final String KEY = "policy query";

    private final PolicyServiceClient client;
    private final AccessParameters access;
    private final NestedRestrictions nested;

    /** @param access how the service's answers, access actions, are carried out (access_map_reject_code...) */
    public CheckPolicyService(PolicyServiceClient client, AccessParameters access, NestedRestrictions nested) {
        this.client = client;
        this.access = access;
        this.nested = nested;
    }

    @Override
    public boolean needsClientHostname() {
        return true;
    }

    @Override
    public String name() {
        return "check_policy_service " + client.endpoint().name();
    }

    @Override
    public Outcome check(CheckContext context) {
        String service = client.endpoint().name();
        String defaultAction = client.endpoint().settings().defaultAction();
        PolicyAnswer answer = client.ask(PolicyRequest.attributes(context.transaction(),
            client.endpoint().settings().policyContext()));
        String value = answer instanceof PolicyAnswer.Action ? ((PolicyAnswer.Action) answer).action() : defaultAction;
        AccessAction action;
        try {
            action = AccessAction.parse(value, service, KEY);
        } catch (InvalidConfigurationException e) {
            LOGGER.warn("policy service {} answered an invalid action: {}", service, e.getMessage());
            action = AccessAction.parse(defaultAction, service, KEY);
        }
        return AccessActionOutcome.apply(context, action, service, KEY, context.subjectName(), context.subjectClass(),
            access, nested);
    }
}
