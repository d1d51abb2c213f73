package org.postern.matcher;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.postern.policy.address.RelocatedUsers;
import org.postern.policy.table.TableLookupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the recipients who moved, by the relocated_maps of conf/policy.cf: mail for them that reached the
 * pipeline without the SMTP door's check (a server whose section checks no recipient at RCPT, relocated_maps and
 * smtpd_reject_unlisted_recipient emptied; mail sent by a mailet; a reprocessed message). Used with
 * {@code RelocatedBounce}:
 * <pre>{@code <mailet match="org.postern.matcher.IsRelocated" class="org.postern.mailet.RelocatedBounce"/>}</pre>
 * When the relocated table does not answer, every recipient matches: {@code RelocatedBounce} looks again and defers
 * the mail until the table answers, rather than let it be delivered or bounced as if nobody had moved.
 */
public class IsRelocated extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(IsRelocated.class);

    private final RelocatedUsers relocated;

    @Inject
    public IsRelocated(RelocatedUsers relocated) {
        this.relocated = relocated;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        if (relocated.isEmpty()) {
            return List.of();
        }
        try {
            return mail.getRecipients().stream().filter(recipient -> relocated.movedTo(recipient.asString()).isPresent()).toList();
        } catch (TableLookupException e) {
            LOGGER.warn("mail {}: the relocated table does not answer ({}); left to RelocatedBounce, which defers it",
                mail.getName(), e.getMessage());
            return mail.getRecipients();
        }
    }
}
