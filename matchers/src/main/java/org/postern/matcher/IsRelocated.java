package org.postern.matcher;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.postern.policy.address.RelocatedUsers;

/**
 * Matches the recipients who moved, by the relocated_maps of conf/policy.cf: mail for them that reached the
 * pipeline without the SMTP door's check (a server whose section checks no recipient at RCPT, relocated_maps and
 * smtpd_reject_unlisted_recipient emptied; mail sent by a mailet; a reprocessed message). Used with
 * {@code RelocatedBounce}:
 * <pre>{@code <mailet match="org.postern.matcher.IsRelocated" class="org.postern.mailet.RelocatedBounce"/>}</pre>
 */
public class IsRelocated extends GenericMatcher {
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
        return mail.getRecipients().stream().filter(recipient -> relocated.movedTo(recipient.asString()).isPresent()).toList();
    }
}
