package org.postern.mailet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.postern.mail.CrashRedelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes delivery after a crash exactly once. The mail queue marks the first messages it hands out after a
 * crash ({@link CrashRedelivery}); for those, each local recipient whose mailboxes already hold this mail's copy
 * (a message carrying {@code X-Postern-Delivery: <the mail's name>}, which {@link DeliveryHeaders} gives every
 * copy, among the newest {@link #NEWEST} messages of each of its first {@link #FOLDERS} folders, the INBOX first)
 * is taken off the mail: its delivery committed
 * just before the crash, and only the queue's acknowledgement was lost. Place it right before DeliveryHeaders:
 * <pre>{@code <mailet match="HasMailAttribute=org.postern.crash-redelivery" class="org.postern.mailet.SkipCopiesDeliveredBeforeCrash"/>}</pre>
 */
public class SkipCopiesDeliveredBeforeCrash extends GenericMailet {
    /** How far back each mailbox is searched: a copy delivered just before the crash is among its newest. */
    static final int NEWEST = 100;
    /** How many of a recipient's folders are searched, the INBOX first: bounds what one crash check costs. */
    static final int FOLDERS = 20;
    private static final Logger LOGGER = LoggerFactory.getLogger(SkipCopiesDeliveredBeforeCrash.class);

    private final MailboxManager mailboxManager;
    private final UsersRepository users;

    @Inject
    public SkipCopiesDeliveredBeforeCrash(@Named("mailboxmanager") MailboxManager mailboxManager, UsersRepository users) {
        this.mailboxManager = mailboxManager;
        this.users = users;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<MailAddress> pending = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (alreadyDelivered(recipient, mail.getName())) {
                LOGGER.info("{}: to=<{}>, already delivered before the crash, not delivered again", mail.getName(),
                    recipient.asString());
            } else {
                pending.add(recipient);
            }
        }
        if (pending.size() < mail.getRecipients().size()) {
            mail.setRecipients(pending);
            if (pending.isEmpty()) {
                mail.setState(Mail.GHOST);
            }
        }
    }

    private boolean alreadyDelivered(MailAddress recipient, String mailName) throws MessagingException {
        Username user;
        try {
            user = users.getUsername(recipient);
        } catch (UsersRepositoryException e) {
            throw new MessagingException("Cannot tell the user of " + recipient.asString(), e);
        }
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            List<MailboxMetaData> folders = mailboxManager.search(MailboxQuery.privateMailboxesBuilder(session).build(), session)
                .sort(Comparator.comparing((MailboxMetaData folder) -> !folder.getPath().isInbox()))
                .take(FOLDERS)
                .collectList().block();
            for (MailboxMetaData folder : folders) {
                if (holdsCopy(mailboxManager.getMailbox(folder.getId(), session), mailName, session)) {
                    return true;
                }
            }
            return false;
        } catch (MailboxException e) {
            throw new MessagingException("Cannot look for an earlier copy in the mailboxes of " + user.asString(), e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private static boolean holdsCopy(MessageManager mailbox, String mailName, MailboxSession session) throws MailboxException {
        MessageUid next = mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
            EnumSet.of(MessageManager.MailboxMetaData.Item.NextUid)).getUidNext();
        if (next.asLong() <= 1) {
            return false;
        }
        MessageUid from = MessageUid.of(Math.max(1, next.asLong() - NEWEST));
        MessageResultIterator messages = mailbox.getMessages(MessageRange.from(from), FetchGroup.HEADERS, session);
        while (messages.hasNext()) {
            MessageResult message = messages.next();
            for (Iterator<Header> headers = message.getHeaders().headers(); headers.hasNext(); ) {
                Header header = headers.next();
                if (header.getName().equalsIgnoreCase(CrashRedelivery.HEADER) && header.getValue().strip().equals(mailName)) {
                    return true;
                }
            }
        }
        if (messages.getException() != null) {
            throw messages.getException();
        }
        return false;
    }

    @Override
    public String getMailetInfo() {
        return "Skips the recipients that already hold a copy delivered just before a crash";
    }
}
