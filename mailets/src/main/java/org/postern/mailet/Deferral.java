package org.postern.mailet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Postfix does with mail whose lookups fail for a while (a database that is down): it stays queued and is
 * tried again later, instead of being bounced. The mail goes back into the spool with a delay of
 * {@link #RETRY} (Postfix's minimal_backoff_time), and through the pipeline again from the start; after
 * {@link #LIFETIME} of failures (maximal_queue_lifetime) it goes to the error processor, which returns it.
 */
final class Deferral {
    static final AttributeName SINCE = AttributeName.of("org.postern.deferred-since");
    static final Duration RETRY = Duration.ofMinutes(5);
    static final Duration LIFETIME = Duration.ofDays(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(Deferral.class);

    private Deferral() {
    }

    static void defer(MailetContext context, Mail mail, String reason, Clock clock) throws MessagingException {
        Instant now = clock.instant();
        Instant since = since(mail).orElse(now);
        if (Duration.between(since, now).compareTo(LIFETIME) > 0) {
            LOGGER.warn("mail {}: deferred since {} ({}); returned to its sender", mail.getName(), since, reason);
            mail.setErrorMessage("4.3.0 The message could not be delivered for " + LIFETIME.toDays()
                + " days: a lookup table of the server did not answer");
            mail.setState(Mail.ERROR);
            return;
        }
        mail.setAttribute(new Attribute(SINCE, AttributeValue.of(since.toString())));
        context.sendMail(mail, Mail.DEFAULT, RETRY.toSeconds(), TimeUnit.SECONDS);
        mail.setState(Mail.GHOST);
        LOGGER.warn("mail {}: deferred for {} s: {}", mail.getName(), RETRY.toSeconds(), reason);
    }

    private static Optional<Instant> since(Mail mail) {
        return mail.getAttribute(SINCE)
            .map(attribute -> attribute.getValue().getValue())
            .filter(String.class::isInstance)
            .flatMap(text -> {
                try {
                    return Optional.of(Instant.parse((String) text));
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            });
    }
}
