package org.postern.mail;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.postern.policy.verdict.MailVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP door's verdict on a mail, as the mail attribute {@value #NAME}: its JSON text, which the persistent
 * queue keeps like any string attribute. Matchers and mailets read it here.
 */
public final class VerdictAttribute {
    public static final String NAME = "org.postern.verdict";
    private static final AttributeName ATTRIBUTE = AttributeName.of(NAME);
    private static final Logger LOGGER = LoggerFactory.getLogger(VerdictAttribute.class);

    private VerdictAttribute() {
    }

    /** The verdict of a mail that came through the SMTP door; empty for one that did not (sent by a mailet...). */
    public static Optional<MailVerdict> of(Mail mail) {
        return mail.getAttribute(ATTRIBUTE)
            .map(Attribute::getValue)
            .map(AttributeValue::getValue)
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .flatMap(json -> {
                try {
                    return Optional.of(MailVerdict.fromJson(json));
                } catch (IllegalArgumentException e) {
                    LOGGER.warn("mail {}: its {} attribute is not a verdict ({}); it is ignored", mail.getName(), NAME,
                        e.getMessage());
                    return Optional.empty();
                }
            });
    }

    /** Puts (or replaces) the verdict on the mail. */
    public static void set(Mail mail, MailVerdict verdict) {
        mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(verdict.toJson())));
    }

    /** Removes the verdict (a mail that leaves the door's responsibility: a bounce, a copy). */
    public static void remove(Mail mail) {
        mail.removeAttribute(ATTRIBUTE);
    }
}
