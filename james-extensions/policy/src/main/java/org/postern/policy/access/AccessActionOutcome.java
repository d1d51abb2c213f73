package org.postern.policy.access;

import java.util.List;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.NestedRestrictions;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.RestrictionList;
import org.postern.policy.restriction.SideEffect;
import org.postern.policy.restriction.TempfailAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's {@code check_table_result}: what an access action found in a table (or answered by a policy
 * service) does to the request. Rejections name the subject of the check that consulted the table:
 * {@code 554 5.7.1 <s@x>: Sender address rejected: Access denied}.
 */
public final class AccessActionOutcome {
    private static final Logger LOGGER = LoggerFactory.getLogger(AccessActionOutcome.class);

    private AccessActionOutcome() {
    }

    /**
     * @param table   the table (or policy service) the action came from, for logs
     * @param key     the key it was found under
     */
    public static Outcome apply(CheckContext context, AccessAction action, String table, String key, String subjectName,
                                String subjectClass, AccessParameters parameters, NestedRestrictions nested) {
        String rejected = "<" + subjectName + ">: " + subjectClass + " rejected: ";
        if (action instanceof AccessAction.Dunno) {
            return Outcome.dunno();
        }
        if (action instanceof AccessAction.Accept) {
            return Outcome.permit();
        }
        if (action instanceof AccessAction.Reject) {
            AccessAction.Reject reject = (AccessAction.Reject) action;
            return context.reject(ErrorClass.POLICY, parameters.rejectCode(),
                CheckContext.enhancedStatusOf(reject.reply(), "5.7.1", subjectClass),
                rejected + reject.reply().textOr("Access denied"));
        }
        if (action instanceof AccessAction.Defer) {
            AccessAction.Defer defer = (AccessAction.Defer) action;
            return context.reject(ErrorClass.POLICY, parameters.deferCode(),
                CheckContext.enhancedStatusOf(defer.reply(), "4.7.1", subjectClass),
                rejected + defer.reply().textOr("Access denied"));
        }
        if (action instanceof AccessAction.Reply) {
            AccessAction.Reply reply = (AccessAction.Reply) action;
            String fallbackStatus = (reply.code() / 100) + ".7.1";
            return context.reject(ErrorClass.POLICY, reply.code(),
                CheckContext.enhancedStatusOf(reply.reply(), fallbackStatus, subjectClass),
                rejected + reply.reply().textOr("Access denied"));
        }
        if (action instanceof AccessAction.DeferIfPermit) {
            AccessAction.DeferIfPermit defer = (AccessAction.DeferIfPermit) action;
            return context.deferIfPermit(TempfailAction.DEFER_IF_PERMIT, parameters.deferCode(),
                CheckContext.enhancedStatusOf(defer.reply(), "4.7.1", subjectClass),
                rejected + defer.reply().textOr("Service unavailable"));
        }
        if (action instanceof AccessAction.DeferIfReject) {
            AccessAction.DeferIfReject defer = (AccessAction.DeferIfReject) action;
            context.deferIfReject(parameters.deferCode(),
                CheckContext.enhancedStatusOf(defer.reply(), "4.7.1", subjectClass),
                rejected + defer.reply().textOr("Service unavailable"));
            return Outcome.dunno();
        }
        if (action instanceof AccessAction.Warn) {
            context.sideEffect(SideEffect.Kind.WARN, ((AccessAction.Warn) action).text());
            return Outcome.dunno();
        }
        if (action instanceof AccessAction.Info) {
            context.sideEffect(SideEffect.Kind.INFO, ((AccessAction.Info) action).text());
            return Outcome.dunno();
        }
        if (action instanceof AccessAction.Discard) {
            if (!inMailTransaction(context, table, "DISCARD")) {
                return Outcome.dunno();
            }
            return context.discard(((AccessAction.Discard) action).text());
        }
        if (action instanceof AccessAction.MessageAction) {
            AccessAction.MessageAction request = (AccessAction.MessageAction) action;
            if (inMailTransaction(context, table, request.kind().name())) {
                context.sideEffect(SideEffect.Kind.valueOf(request.kind().name()), request.argument());
            }
            return Outcome.dunno();
        }
        List<String> names = ((AccessAction.Restrictions) action).names();
        List<RestrictionList.Entry> restrictions;
        try {
            restrictions = nested.parse(names, "access table " + table + ": key \"" + key + "\"");
        } catch (InvalidConfigurationException e) {
            LOGGER.error("{}", e.getMessage());
            return context.serverConfigurationError();
        }
        return context.evaluate(restrictions, subjectName, subjectClass);
    }

    /**
     * Postfix skips message actions before MAIL FROM (with smtpd_delay_reject=no): there is no message yet
     * for them to act on.
     */
    private static boolean inMailTransaction(CheckContext context, String table, String action) {
        if (context.transaction().sender().isPresent()) {
            return true;
        }
        LOGGER.warn("access table {}: with smtpd_delay_reject=no, action {} is always skipped in client or helo restrictions",
            table, action);
        return false;
    }
}
