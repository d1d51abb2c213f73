package org.postern.mailet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.log.ClientText;
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
 * <li>{@code BCC address}: one more copy goes to that address (the last BCC found counts), with the null sender so
 *     that its failure is never reported to the sender;</li>
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
        Optional<PolicyAction> bcc = verdict.last(PolicyAction.Kind.BCC);
        Optional<PolicyAction> redirect = verdict.last(PolicyAction.Kind.REDIRECT);
        if (prepends.isEmpty() && bcc.isEmpty() && redirect.isEmpty()) {
            return;
        }
        // the door checked the targets; one that is still not an address (a verdict written by an older server)
        // is skipped with a warning rather than sending the mail to the error processor half done
        Optional<MailAddress> bccTarget = bcc.flatMap(action -> target(mail, action));
        Optional<MailAddress> redirectTarget = redirect.flatMap(action -> target(mail, action));
        if (!prepends.isEmpty()) {
            mail.setMessage(prepended(mail.getMessage(), prepends));
        }
        if (bccTarget.isPresent()) {
            sendCopy(mail, bcc.get(), bccTarget.get());
        }
        if (redirectTarget.isPresent()) {
            verdict = redirect(mail, verdict, redirect.get(), redirectTarget.get());
        }
        VerdictAttribute.set(mail, verdict.without(PolicyAction.Kind.PREPEND).without(PolicyAction.Kind.BCC)
            .without(PolicyAction.Kind.REDIRECT));
    }

    private static Optional<MailAddress> target(Mail mail, PolicyAction action) {
        try {
            return Optional.of(new MailAddress(action.argument()));
        } catch (AddressException e) {
            LOGGER.warn("mail {}: {} {} not carried out: not an address ({}: {})", mail.getName(), action.kind(),
                ClientText.forLog(action.argument()), action.list(), action.check());
            return Optional.empty();
        }
    }

    /**
     * The message with the headers above all others, its own bytes following unchanged: one pass over the
     * message, whatever its number of headers, and every header kept exactly as it was written.
     */
    private static MimeMessage prepended(MimeMessage message, List<PolicyAction> prepends) throws MessagingException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (PolicyAction prepend : prepends) {
                bytes.write((prepend.argument() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            message.writeTo(bytes);
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new MessagingException("the message cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The copy goes out with the null sender: Postfix sends BCC copies with NOTIFY=NONE, so that a copy that
     * cannot be delivered never tells the sender where it was going.
     */
    private void sendCopy(Mail mail, PolicyAction bcc, MailAddress target) throws MessagingException {
        getMailetContext().sendMail(null, List.of(target), mail.getMessage(), Mail.DEFAULT);
        LOGGER.info("mail {}: BCC copy to {} ({}: {})", mail.getName(), target.asString(), bcc.list(), bcc.check());
    }

    private MailVerdict redirect(Mail mail, MailVerdict verdict, PolicyAction redirect, MailAddress target) {
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
