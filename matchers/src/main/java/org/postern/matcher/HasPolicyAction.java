package org.postern.matcher;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.PolicyAction;

/**
 * Matches a mail (all its recipients) whose SMTP verdict holds one of the named message actions, which access
 * maps and policy services ask for: {@code HasPolicyAction=HOLD}, {@code HasPolicyAction=REDIRECT,BCC}. A mail
 * without a verdict (sent by a mailet, reprocessed) never matches. The condition is refused at startup when it
 * names no action or an unknown one.
 */
public class HasPolicyAction extends GenericMatcher {
    private Set<PolicyAction.Kind> kinds;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition();
        kinds = EnumSet.noneOf(PolicyAction.Kind.class);
        for (String name : condition.split("[\\s,]+")) {
            if (name.isEmpty()) {
                continue;
            }
            kinds.add(PolicyAction.Kind.of(name).orElseThrow(() -> new MessagingException(
                "HasPolicyAction=" + condition + ": unknown action " + name + " (known: HOLD, REDIRECT, BCC, PREPEND, FILTER)")));
        }
        if (kinds.isEmpty()) {
            throw new MessagingException("HasPolicyAction needs the actions to match, e.g. HasPolicyAction=HOLD");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean matches = VerdictAttribute.of(mail)
            .map(verdict -> verdict.actions().stream().anyMatch(action -> kinds.contains(action.kind())))
            .orElse(false);
        return matches ? mail.getRecipients() : List.of();
    }
}
