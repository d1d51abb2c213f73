package org.postern.mail;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.postern.policy.verdict.MailVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The SMTP door's verdict on a mail, as the mail attribute {@value #NAME}: its JSON text, which the persistent
 * queue keeps like any string attribute. Matchers and mailets read it here.
 */
public final class VerdictAttribute {
    public static final String NAME = "org.postern.verdict";
    private static final AttributeName ATTRIBUTE = AttributeName.of(NAME);
    private static final Logger LOGGER = LoggerFactory.getLogger(VerdictAttribute.class);
    /**
     * Verdicts already read, by their JSON text (weak keys: compared by identity, forgotten with the mail). Several
     * matchers and mailets read a mail's verdict, which is the same text all through the pipeline: parsing it each
     * time was a tenth of the spool's time. A verdict is immutable, so all of them can share one.
     */
    private static final Cache<String, MailVerdict> READ = CacheBuilder.newBuilder().weakKeys().maximumSize(10_000).build();

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
                MailVerdict known = READ.getIfPresent(json);
                if (known != null) {
                    return Optional.of(known);
                }
                try {
                    MailVerdict verdict = MailVerdict.fromJson(json);
                    READ.put(json, verdict);
                    return Optional.of(verdict);
                } catch (IllegalArgumentException e) {
                    LOGGER.warn("mail {}: its {} attribute is not a verdict ({}); it is ignored", mail.getName(), NAME,
                        e.getMessage());
                    return Optional.empty();
                }
            });
    }

    /** Puts (or replaces) the verdict on the mail. */
    public static void set(Mail mail, MailVerdict verdict) {
        String json = verdict.toJson();
        READ.put(json, verdict);
        mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(json)));
    }

    /** Removes the verdict (a mail that leaves the door's responsibility: a bounce, a copy). */
    public static void remove(Mail mail) {
        mail.removeAttribute(ATTRIBUTE);
    }
}
