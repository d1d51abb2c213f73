package org.postern.mailet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientClass;
import org.postern.policy.verdict.RecipientVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the message actions that access maps and policy services asked for at the SMTP door (the mail's
 * verdict), as Postfix's cleanup does before the message is queued:
 * <ul>
 * <li>{@code PREPEND header: value}: the header is added at the top of the message; several are added in the order
 *     they were found, the first one first;</li>
 * <li>{@code BCC address}: one more copy goes to that address (the last BCC found counts);</li>
 * <li>{@code REDIRECT address}: the message goes to that address instead of its recipients (the last REDIRECT
 *     counts); the verdict then names that address as the only recipient, so that it is delivered here or relayed
 *     as the admin's table said.</li>
 * </ul>
 * Each action is carried out once: it is removed from the verdict when done. {@code HOLD} is the
 * {@code HasPolicyAction=HOLD} matcher's and the {@link Hold} mailet's, which come before this one: a held message
 * is kept as it arrived, and its other actions are carried out once it is released (a BCC copy is not sent while
 * the message is held, as with Postfix's hold queue). Mail without a verdict passes untouched.
 * <pre>{@code <mailet match="All" class="org.postern.mailet.PolicyActions"/>}</pre>
 */
public class PolicyActions extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyActions.class);

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailVerdict> found = VerdictAttribute.of(mail);
        if (found.isEmpty()) {
            return;
        }
        MailVerdict verdict = found.get();
        List<PolicyAction> prepends = verdict.all(PolicyAction.Kind.PREPEND);
        if (!prepends.isEmpty()) {
            prepend(mail.getMessage(), prepends);
        }
        Optional<PolicyAction> bcc = verdict.last(PolicyAction.Kind.BCC);
        if (bcc.isPresent()) {
            sendCopy(mail, verdict, bcc.get());
        }
        Optional<PolicyAction> redirect = verdict.last(PolicyAction.Kind.REDIRECT);
        if (redirect.isPresent()) {
            verdict = redirect(mail, verdict, redirect.get());
        }
        if (!prepends.isEmpty() || bcc.isPresent() || redirect.isPresent()) {
            VerdictAttribute.set(mail, verdict.without(PolicyAction.Kind.PREPEND).without(PolicyAction.Kind.BCC)
                .without(PolicyAction.Kind.REDIRECT));
        }
    }

    /** Adds the headers above all others, keeping the order of the rest. */
    private static void prepend(MimeMessage message, List<PolicyAction> prepends) throws MessagingException {
        List<String> existing = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Enumeration<String> lines = message.getAllHeaderLines();
        lines.asIterator().forEachRemaining(existing::add);
        List<String> names = new ArrayList<>();
        for (String line : existing) {
            int colon = line.indexOf(':');
            if (colon > 0 && !names.contains(line.substring(0, colon))) {
                names.add(line.substring(0, colon));
            }
        }
        for (String name : names) {
            message.removeHeader(name);
        }
        for (PolicyAction prepend : prepends) {
            message.addHeaderLine(prepend.argument());
        }
        for (String line : existing) {
            message.addHeaderLine(line);
        }
    }

    private void sendCopy(Mail mail, MailVerdict verdict, PolicyAction bcc) throws MessagingException {
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(List.of(new MailAddress(bcc.argument())));
            copy.setState(Mail.DEFAULT);
            VerdictAttribute.set(copy, verdict.withoutActions().withRecipients(List.of()));
            getMailetContext().sendMail(copy);
            LOGGER.info("mail {}: BCC copy to {} ({}: {})", mail.getName(), bcc.argument(), bcc.list(), bcc.check());
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    private MailVerdict redirect(Mail mail, MailVerdict verdict, PolicyAction redirect) throws MessagingException {
        MailAddress target = new MailAddress(redirect.argument());
        LOGGER.info("mail {}: redirected from {} to {} ({}: {})", mail.getName(), mail.getRecipients(), target,
            redirect.list(), redirect.check());
        mail.setRecipients(Collections.singletonList(target));
        RecipientClass targetClass = getMailetContext().isLocalServer(target.getDomain()) ? RecipientClass.HOSTED
            : RecipientClass.REMOTE;
        return verdict.withRecipients(List.of(new RecipientVerdict(target.asString(), targetClass, redirect.list(),
            "REDIRECT " + redirect.check())));
    }

    @Override
    public String getMailetInfo() {
        return "Carries out PREPEND, BCC and REDIRECT of the SMTP verdict";
    }
}
