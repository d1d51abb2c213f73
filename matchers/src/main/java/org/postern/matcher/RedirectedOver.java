package org.postern.matcher;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches mail that Sieve scripts redirected more than N times in a row: each redirect makes a new mail named
 * {@code redirect-<name>}, without the headers or attributes that would show where it has been, so a script that
 * redirects to its own address, or two that redirect to each other, would pass mail round for ever. Postfix stops
 * such loops by hop count (hopcount_limit); this counts the redirects.
 * <pre>{@code <mailet match="org.postern.matcher.RedirectedOver=10" class="ToProcessor">...}</pre>
 */
public class RedirectedOver extends GenericMatcher {
    static final String PREFIX = "redirect-";

    private int limit;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().strip();
        if (!condition.matches("[0-9]{1,4}") || Integer.parseInt(condition) < 1) {
            throw new MessagingException("RedirectedOver needs a number of redirects from 1 to 9999, e.g. RedirectedOver=10,"
                + " not \"" + condition + "\"");
        }
        limit = Integer.parseInt(condition);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return redirects(mail.getName()) > limit ? mail.getRecipients() : List.of();
    }

    static int redirects(String name) {
        int count = 0;
        for (int at = 0; name != null && name.startsWith(PREFIX, at); at += PREFIX.length()) {
            count++;
        }
        return count;
    }
}
