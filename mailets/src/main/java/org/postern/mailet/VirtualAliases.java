package org.postern.mailet;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.table.TableLookupException;
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

    private final Clock clock;

    @Inject
    public VirtualAliases(LocalRecipients recipients, VirtualSettings settings) {
        this(recipients, settings, Clock.systemUTC());
    }

    VirtualAliases(LocalRecipients recipients, VirtualSettings settings, Clock clock) {
        this.recipients = recipients;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void init() {
        errorProcessor = getInitParameter("errorProcessor", "local-address-error");
        forwardProcessor = getInitParameter("forwardProcessor", Mail.DEFAULT);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Routing routing = new Routing();
        try {
            for (MailAddress recipient : mail.getRecipients()) {
                routing.add(recipient);
            }
        } catch (TableLookupException e) {
            // nothing is done yet: the whole mail waits and is tried again
            Deferral.defer(getMailetContext(), mail, e.getMessage(), clock);
            return;
        }
        // an outside address that is also a recipient of the mail gets the mail once
        routing.forwarded.removeAll(routing.delivered);
        if (!routing.forwarded.isEmpty()) {
            forward(mail, routing.forwarded);
        }
        for (Map.Entry<String, List<MailAddress>> entry : routing.refused.entrySet()) {
            refuse(mail, entry.getValue(), entry.getKey());
        }
        mail.setRecipients(new ArrayList<>(routing.delivered));
        if (!routing.originals.isEmpty()) {
            mail.setAttribute(new Attribute(ORIGINAL_RECIPIENTS, AttributeValue.of(routing.originals)));
        }
        if (routing.delivered.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    /** Where the recipients of one mail go; collected before anything is sent. */
    private final class Routing {
        private final Set<MailAddress> delivered = new LinkedHashSet<>();
        private final Set<MailAddress> forwarded = new LinkedHashSet<>();
        private final Map<String, AttributeValue<?>> originals = new LinkedHashMap<>();
        private final Map<String, List<MailAddress>> refused = new LinkedHashMap<>();

        /** @throws TableLookupException when a table cannot answer */
        private void add(MailAddress recipient) {
            if (!recipients.isHostedDomain(recipient.getDomain().asString())) {
                delivered.add(recipient);
                return;
            }
            Expansion expansion = recipients.expand(recipient.asString(), settings);
            if (!expansion.isDelivered()) {
                refuse(recipient, reason(recipient, expansion));
                return;
            }
            for (Expansion.Delivery delivery : expansion.deliveries()) {
                MailAddress target;
                try {
                    target = new MailAddress(delivery.address());
                } catch (AddressException e) {
                    refuse(recipient, "5.1.3 <" + recipient.asString() + ">: bad address in the alias table: "
                        + delivery.address());
                    continue;
                }
                if (delivery.local()) {
                    delivered.add(target);
                    originals.putIfAbsent(target.asString(), AttributeValue.of(recipient.asString()));
                } else {
                    forwarded.add(target);
                }
            }
        }

        private void refuse(MailAddress recipient, String reason) {
            refused.computeIfAbsent(reason, key -> new ArrayList<>()).add(recipient);
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
