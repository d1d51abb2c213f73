package org.postern.policy.restriction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientVerdict;

/**
 * What one mail transaction has accepted so far, for its verdict: the recipients and the message actions of the
 * commands that were accepted (an action found while judging a refused recipient is not carried out). The same
 * action found again (a client list run at each RCPT) counts once. Confined to the SMTP session's thread.
 */
final class AcceptedMessage {
    private final List<RecipientVerdict> recipients = new ArrayList<>();
    private final Set<PolicyAction> actions = new LinkedHashSet<>();

    void noteRecipient(RecipientVerdict recipient) {
        recipients.add(recipient);
    }

    /** The message actions of an accepted command's decision. */
    void noteActions(Decision decision) {
        if (!decision.accepts()) {
            return;
        }
        for (SideEffect effect : decision.sideEffects()) {
            PolicyAction.Kind.of(effect.kind().name())
                .ifPresent(kind -> actions.add(new PolicyAction(kind, effect.argument(), effect.list(), effect.check())));
        }
    }

    MailVerdict verdict(SmtpTransaction transaction) {
        return new MailVerdict(transaction.serverName(), transaction.clientAddress(), transaction.clientName(),
            transaction.heloName().orElse(""), transaction.saslUsername().orElse(""), recipients, new ArrayList<>(actions));
    }

    void clear() {
        recipients.clear();
        actions.clear();
    }
}
