package org.postern.matcher;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.RecipientClass;
import org.postern.policy.verdict.RecipientVerdict;

/**
 * Matches the recipients the SMTP door classified as one of the named classes: {@code hosted} (a domain we
 * host), {@code relay} (a domain we relay for, relay_domains) or {@code remote} (any other domain, accepted
 * because the client may relay): {@code RecipientClassIs=remote,relay} selects the mail that leaves the server
 * by the door's own decision. Recipients the door did not see (an alias's targets) and mail without a verdict
 * never match.
 */
public class RecipientClassIs extends GenericMatcher {
    private Set<RecipientClass> classes;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition();
        classes = EnumSet.noneOf(RecipientClass.class);
        for (String word : condition.split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            classes.add(RecipientClass.of(word).orElseThrow(() -> new MessagingException(
                "RecipientClassIs=" + condition + ": unknown class " + word + " (known: hosted, relay, remote)")));
        }
        if (classes.isEmpty()) {
            throw new MessagingException("RecipientClassIs needs the classes to match, e.g. RecipientClassIs=remote,relay");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Optional<MailVerdict> verdict = VerdictAttribute.of(mail);
        if (verdict.isEmpty()) {
            return List.of();
        }
        return mail.getRecipients().stream()
            .filter(recipient -> verdict.get().recipient(recipient.asString())
                .map(RecipientVerdict::recipientClass).map(classes::contains).orElse(false))
            .toList();
    }
}
