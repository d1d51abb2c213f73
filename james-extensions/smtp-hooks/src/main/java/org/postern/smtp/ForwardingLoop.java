package org.postern.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.table.TableLookupException;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.VirtualSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message that already carries {@code Delivered-To: <mailbox>} for a mailbox it would be delivered to here has
 * been here before: a mail forwarding loop. It is refused at the end of its data,
 * {@code 554 5.4.6 Error: mail forwarding loop for <mailbox>}, rather than accepted and bounced (Postfix's local
 * delivery bounces it; refusing keeps a forged sender from receiving the bounce). Only the message header is
 * read, and only when it names a Delivered-To.
 */
public class ForwardingLoop implements MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ForwardingLoop.class);
    /** A header section longer than this is not searched further. */
    private static final int HEADER_LIMIT = 256 * 1024;
    private static final String DELIVERED_TO = "delivered-to:";

    private final LocalRecipients recipients;
    private final VirtualSettings settings;

    @Inject
    public ForwardingLoop(LocalRecipients recipients, VirtualSettings settings) {
        this.recipients = recipients;
        this.settings = settings;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        Set<String> deliveredTo = deliveredTo(mail);
        if (deliveredTo.isEmpty() || mail.getRecipients() == null) {
            return HookResult.DECLINED;
        }
        try {
            for (MailAddress recipient : mail.getRecipients()) {
                Optional<String> looping = loopingMailbox(recipient, deliveredTo);
                if (looping.isPresent()) {
                    LOGGER.info("{} mail forwarding loop for {} from {}: refused", session.getSessionID(), looping.get(),
                        session.getRemoteAddress().getAddress().getHostAddress());
                    return SmtpReplies.reject("554", "5.4.6 Error: mail forwarding loop for " + looping.get());
                }
            }
        } catch (TableLookupException e) {
            return SmtpReplies.defer("451", "4.3.0 Error: temporary lookup failure");
        }
        return HookResult.DECLINED;
    }

    private Optional<String> loopingMailbox(MailAddress recipient, Set<String> deliveredTo) {
        if (deliveredTo.contains(recipient.asString().toLowerCase(Locale.ROOT))) {
            return Optional.of(recipient.asString());
        }
        if (!recipients.isHostedDomain(recipient.getDomain().asString())) {
            return Optional.empty();
        }
        Expansion expansion = recipients.expand(recipient.asString(), settings);
        return expansion.deliveries().stream()
            .filter(delivery -> delivery.local() && deliveredTo.contains(delivery.address()))
            .map(Expansion.Delivery::address)
            .findFirst();
    }

    /** The Delivered-To addresses of the message header, lower case; none when it has none or cannot be read. */
    static Set<String> deliveredTo(MailEnvelope mail) {
        Set<String> addresses = new HashSet<>();
        try (InputStream message = mail.getMessageInputStream();
             BufferedReader lines = new BufferedReader(new InputStreamReader(message, StandardCharsets.ISO_8859_1))) {
            int read = 0;
            String line;
            while ((line = lines.readLine()) != null && !line.isEmpty() && read < HEADER_LIMIT) {
                read += line.length() + 2;
                if (line.regionMatches(true, 0, DELIVERED_TO, 0, DELIVERED_TO.length())) {
                    String value = line.substring(DELIVERED_TO.length()).strip();
                    if (value.startsWith("<") && value.endsWith(">")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    addresses.add(value.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return addresses;
    }
}
