package org.postern.mailet;

import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.HoldArea;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.PolicyAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the mail in the hold area (Postfix's hold queue, {@code postsuper -h}): it stays there, undelivered,
 * until an admin releases it ({@code POST /policy/hold/{key}/release}, {@code postsuper -H}: it goes through the
 * pipeline again, without its HOLD) or deletes it ({@code DELETE /policy/hold/{key}}). Used with the
 * {@code HasPolicyAction=HOLD} matcher, before {@link PolicyActions}:
 * <pre>{@code <mailet match="org.postern.matcher.HasPolicyAction=HOLD" class="org.postern.mailet.Hold"/>}</pre>
 */
public class Hold extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(Hold.class);

    private final MailRepositoryStore repositories;
    private MailRepository held;

    @Inject
    public Hold(MailRepositoryStore repositories) {
        this.repositories = repositories;
    }

    @Override
    public void init() throws MessagingException {
        try {
            held = repositories.select(HoldArea.URL);
        } catch (Exception e) {
            throw new MessagingException("Hold: the hold area " + HoldArea.URL.asString() + " cannot be opened: " + e, e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String why = VerdictAttribute.of(mail).map(verdict -> verdict.all(PolicyAction.Kind.HOLD).stream()
                .map(hold -> hold.check() + (hold.argument().isEmpty() ? "" : " (" + hold.argument() + ")"))
                .collect(Collectors.joining(", ")))
            .orElse("");
        held.store(mail);
        LOGGER.info("mail {} from {} to {}: held{}", mail.getName(), mail.getMaybeSender().asString(),
            mail.getRecipients(), why.isEmpty() ? "" : " by " + why);
        mail.setState(Mail.GHOST);
    }

    @Override
    public String getMailetInfo() {
        return "Keeps the mail in the hold area until an admin releases it";
    }
}
