package org.postern.mailet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.CrashRedelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Postfix's virtual(8) delivery agent adds to each delivered copy, as headers of that recipient's copy only:
 * {@code Delivered-To: <mailbox>} and {@code X-Original-To: <the address the mail was sent to>} (the alias or list,
 * from {@link VirtualAliases}); {@code Return-Path} is LocalDelivery's. A message that already carries
 * {@code Delivered-To: <mailbox>} has been here before: that copy is not delivered again but bounced,
 * {@code 5.4.6 mail forwarding loop for <mailbox>}, as Postfix does. Each copy also carries
 * {@code X-Postern-Delivery: <the mail's unique name>}, by which a delivery repeated after a crash recognises a
 * copy already delivered ({@link SkipCopiesDeliveredBeforeCrash}); one that came with the message is removed.
 * Place it right before LocalDelivery.
 * <pre>{@code <mailet match="RecipientIsLocal" class="org.postern.mailet.DeliveryHeaders"/>}</pre>
 * Parameter: {@code errorProcessor} (local-address-error), where looping copies go.
 */
public class DeliveryHeaders extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryHeaders.class);

    private String errorProcessor;

    @Override
    public void init() {
        errorProcessor = getInitParameter("errorProcessor", "local-address-error");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getMessage().getHeader(CrashRedelivery.HEADER) != null) {
            // only this server's own value may be there, or a copy could be taken for another
            mail.getMessage().removeHeader(CrashRedelivery.HEADER);
            mail.getMessage().saveChanges();
        }
        Set<String> deliveredTo = deliveredTo(mail);
        Map<String, String> originals = originals(mail);
        List<MailAddress> keep = new ArrayList<>();
        List<MailAddress> looping = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            String mailbox = recipient.asString();
            if (deliveredTo.contains(mailbox.toLowerCase(Locale.ROOT))) {
                looping.add(recipient);
                continue;
            }
            keep.add(recipient);
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name("Delivered-To").value(mailbox).build(),
                recipient);
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name("X-Original-To")
                .value(originals.getOrDefault(mailbox, mailbox)).build(), recipient);
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(CrashRedelivery.HEADER)
                .value(mail.getName()).build(), recipient);
        }
        for (MailAddress recipient : looping) {
            bounceLoop(mail, recipient);
        }
        if (!looping.isEmpty()) {
            mail.setRecipients(keep);
            if (keep.isEmpty()) {
                mail.setState(Mail.GHOST);
            }
        }
    }

    private static Set<String> deliveredTo(Mail mail) throws MessagingException {
        String[] headers = mail.getMessage().getHeader("Delivered-To");
        if (headers == null) {
            return Set.of();
        }
        return Arrays.stream(headers).map(value -> value.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static Map<String, String> originals(Mail mail) {
        Optional<AttributeValue<?>> value = mail.getAttribute(VirtualAliases.ORIGINAL_RECIPIENTS).map(attribute -> attribute.getValue());
        if (value.isEmpty() || !(value.get().getValue() instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> originals = new HashMap<>();
        map.forEach((mailbox, original) -> {
            if (mailbox instanceof String key && original instanceof AttributeValue<?> address && address.getValue() instanceof String text) {
                originals.put(key, text);
            }
        });
        return originals;
    }

    private void bounceLoop(Mail mail, MailAddress recipient) throws MessagingException {
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(List.of(recipient));
            copy.setState(errorProcessor);
            copy.setErrorMessage("5.4.6 mail forwarding loop for " + recipient.asString());
            getMailetContext().sendMail(copy);
            LOGGER.info("mail {}: mail forwarding loop for {}: bounced", mail.getName(), recipient.asString());
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Delivered-To and X-Original-To for each delivered copy; refuses mail forwarding loops";
    }
}
