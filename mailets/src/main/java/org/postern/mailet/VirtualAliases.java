package org.postern.mailet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.VirtualSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's virtual alias expansion in the pipeline, as the SMTP door judged it at RCPT (the same
 * {@code VirtualAliases} rules, recipient_delimiter and virtual_role_accounts of conf/policy.cf): each recipient of a
 * hosted domain becomes its mailboxes, each once; targets in other domains are forwarded in a copy of the message
 * (relayed: the server sends it); recipients of other domains are left for relaying. An address that cannot be
 * delivered (mail that did not come through the door: a bounce, a reprocessed message) goes to the error processor
 * with the reason, and is bounced there. Each mailbox remembers the address it was reached through, for
 * {@link DeliveryHeaders}' X-Original-To.
 * <pre>{@code <mailet match="All" class="org.postern.mailet.VirtualAliases"/>}</pre>
 * Parameters: {@code errorProcessor} (local-address-error), {@code forwardProcessor} (root).
 */
public class VirtualAliases extends GenericMailet {
    /** Per mailbox reached, the address the mail was sent to (a map of strings). */
    public static final AttributeName ORIGINAL_RECIPIENTS = AttributeName.of("org.postern.original-recipients");
    private static final Logger LOGGER = LoggerFactory.getLogger(VirtualAliases.class);

    private final LocalRecipients recipients;
    private final VirtualSettings settings;
    private String errorProcessor;
    private String forwardProcessor;

    @Inject
    public VirtualAliases(LocalRecipients recipients, VirtualSettings settings) {
        this.recipients = recipients;
        this.settings = settings;
    }

    @Override
    public void init() {
        errorProcessor = getInitParameter("errorProcessor", "local-address-error");
        forwardProcessor = getInitParameter("forwardProcessor", Mail.DEFAULT);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Set<MailAddress> delivered = new LinkedHashSet<>();
        Set<MailAddress> forwarded = new LinkedHashSet<>();
        Map<String, AttributeValue<?>> originals = new LinkedHashMap<>();
        Map<String, List<MailAddress>> refused = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (!recipients.isHostedDomain(recipient.getDomain().asString())) {
                delivered.add(recipient);
                continue;
            }
            Expansion expansion = recipients.expand(recipient.asString(), settings);
            if (!expansion.isDelivered()) {
                refused.computeIfAbsent(reason(recipient, expansion), reason -> new ArrayList<>()).add(recipient);
                continue;
            }
            for (Expansion.Delivery delivery : expansion.deliveries()) {
                MailAddress target = new MailAddress(delivery.address());
                if (delivery.local()) {
                    delivered.add(target);
                    originals.putIfAbsent(target.asString(), AttributeValue.of(recipient.asString()));
                } else {
                    forwarded.add(target);
                }
            }
        }
        if (!forwarded.isEmpty()) {
            forward(mail, forwarded);
        }
        for (Map.Entry<String, List<MailAddress>> entry : refused.entrySet()) {
            refuse(mail, entry.getValue(), entry.getKey());
        }
        mail.setRecipients(new ArrayList<>(delivered));
        if (!originals.isEmpty()) {
            mail.setAttribute(new Attribute(ORIGINAL_RECIPIENTS, AttributeValue.of(originals)));
        }
        if (delivered.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    private static String reason(MailAddress recipient, Expansion expansion) {
        return switch (expansion.status()) {
            case UNKNOWN -> "5.1.1 <" + recipient.asString() + ">: User unknown in virtual mailbox table";
            case REFUSED -> "5.1.1 <" + recipient.asString() + ">: " + expansion.detail();
            case LOOP -> "5.4.6 <" + recipient.asString() + ">: Mail forwarding loop (" + expansion.detail() + ")";
            default -> "5.4.6 <" + recipient.asString() + ">: " + expansion.detail();
        };
    }

    /** Targets in other domains get their own copy, sent by the server (relayed as the server's own mail). */
    private void forward(Mail mail, Set<MailAddress> targets) throws MessagingException {
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(new ArrayList<>(targets));
            copy.setState(forwardProcessor);
            VerdictAttribute.remove(copy);
            getMailetContext().sendMail(copy);
            LOGGER.info("mail {}: forwarded to {}", mail.getName(), targets);
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    private void refuse(Mail mail, List<MailAddress> addresses, String reason) throws MessagingException {
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(addresses);
            copy.setState(errorProcessor);
            copy.setErrorMessage(reason);
            VerdictAttribute.remove(copy);
            getMailetContext().sendMail(copy);
            LOGGER.info("mail {}: not delivered to {}: {}", mail.getName(), addresses, reason);
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Virtual alias expansion: aliases, lists, forwards, catch-alls, domain aliases, role accounts";
    }
}
