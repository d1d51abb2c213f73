package org.postern.policy.access;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.NestedRestrictions;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.syntax.EnvelopeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check_client_access}, {@code check_helo_access}, {@code check_sender_access},
 * {@code check_recipient_access}: look the client, HELO name, sender or recipient up in an access map
 * (access(5)) and do what the value says. A table that cannot answer gives
 * {@code 451 4.3.5 <subject>: ... rejected: Server configuration error}, as in Postfix.
 */
public final class CheckAccess implements Restriction {
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckAccess.class);

    public enum Target {
        CLIENT("check_client_access", "Client host"),
        HELO("check_helo_access", "Helo command"),
        SENDER("check_sender_access", "Sender address"),
        RECIPIENT("check_recipient_access", "Recipient address");

        private final String restrictionName;
        private final String subjectClass;

        Target(String restrictionName, String subjectClass) {
            this.restrictionName = restrictionName;
            this.subjectClass = subjectClass;
        }

        public String restrictionName() {
            return restrictionName;
        }
    }

    private final Target target;
    private final AccessMap map;
    private final AccessParameters parameters;
    private final NestedRestrictions nested;

    public CheckAccess(Target target, AccessMap map, AccessParameters parameters, NestedRestrictions nested) {
        this.target = target;
        this.map = map;
        this.parameters = parameters;
        this.nested = nested;
    }

    @Override
    public boolean needsClientHostname() {
        return target == Target.CLIENT;
    }

    @Override
    public String name() {
        return target.restrictionName + " " + map.reference();
    }

    @Override
    public Outcome check(CheckContext context) {
        SmtpTransaction transaction = context.transaction();
        String subjectName;
        AccessLookup lookup;
        switch (target) {
            case CLIENT:
                subjectName = transaction.clientNameAndAddress();
                lookup = map.findClient(transaction.clientName(), transaction.clientAddress());
                break;
            case HELO:
                if (transaction.heloName().isEmpty()) {
                    return Outcome.dunno();
                }
                subjectName = transaction.heloName().get();
                lookup = map.findDomain(subjectName);
                break;
            case SENDER:
                if (transaction.sender().isEmpty()) {
                    return Outcome.dunno();
                }
                subjectName = transaction.sender().get();
                lookup = subjectName.isEmpty()
                    ? map.findExactly(parameters.nullAccessLookupKey())
                    : map.findAddress(subjectName);
                break;
            default:
                if (transaction.recipient().isEmpty()) {
                    return Outcome.dunno();
                }
                subjectName = transaction.recipient().get();
                lookup = map.findAddress(subjectName);
                break;
        }
        return outcome(context, lookup, subjectName);
    }

    private Outcome outcome(CheckContext context, AccessLookup lookup, String subjectName) {
        if (lookup instanceof AccessLookup.NotFound) {
            return Outcome.dunno();
        }
        if (lookup instanceof AccessLookup.Unavailable) {
            LOGGER.warn("{}: lookup failed: {}", name(), ((AccessLookup.Unavailable) lookup).reason());
            return context.reject(ErrorClass.POLICY, 451, "4.3.5",
                "<" + subjectName + ">: " + target.subjectClass + " rejected: Server configuration error");
        }
        if (lookup instanceof AccessLookup.Invalid) {
            LOGGER.error("{}", ((AccessLookup.Invalid) lookup).message());
            return context.serverConfigurationError();
        }
        AccessLookup.Found found = (AccessLookup.Found) lookup;
        Outcome outcome = AccessActionOutcome.apply(context, found.action(), map.reference(), found.key(), subjectName,
            target.subjectClass, parameters, nested);
        // Postfix will not let OK whitelist a source-routed recipient (user%elsewhere@ours) for relaying.
        if (target == Target.RECIPIENT && found.action() instanceof AccessAction.Accept
            && !parameters.allowUntrustedRouting() && isSourceRouted(subjectName)) {
            return Outcome.dunno();
        }
        return outcome;
    }

    private static boolean isSourceRouted(String address) {
        return EnvelopeAddress.parse(address).isSourceRouted();
    }
}
