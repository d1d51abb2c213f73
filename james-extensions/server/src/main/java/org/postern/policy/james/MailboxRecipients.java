package org.postern.policy.james;

import java.util.Locale;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.user.api.UsersRepositoryException;
import org.postern.policy.restriction.LocalRecipients;
import org.postern.policy.table.TableLookupException;

/**
 * Who receives mail here, for {@code reject_unlisted_recipient}: in a hosted domain, a user, an address
 * whose aliases resolve to something, and {@code postmaster@} (RFC 5321 §4.5.1). An alias whose mapping is
 * an error counts as known here: {@code AliasErrorHook}, after the restrictions, answers with that
 * error's text.
 */
public final class MailboxRecipients implements LocalRecipients {
    private final HostedDestinations hosted;
    private final UsersRepository users;
    private final RecipientRewriteTable aliases;

    public MailboxRecipients(DomainList domains, UsersRepository users, RecipientRewriteTable aliases) {
        this.hosted = new HostedDestinations(domains);
        this.users = users;
        this.aliases = aliases;
    }

    @Override
    public boolean isHostedDomain(String domain) {
        return hosted.isHosted(domain);
    }

    @Override
    public boolean isKnownRecipient(String address) {
        MailAddress mailAddress;
        try {
            mailAddress = new MailAddress(address);
        } catch (Exception e) {
            // not an address James can store: nobody by that name
            return false;
        }
        if (mailAddress.getLocalPart().toLowerCase(Locale.US).equals("postmaster")) {
            return true;
        }
        try {
            if (users.contains(users.getUsername(mailAddress))) {
                return true;
            }
            Domain domain = mailAddress.getDomain();
            return !aliases.getResolvedMappings(mailAddress.getLocalPart(), domain).isEmpty();
        } catch (RecipientRewriteTable.ErrorMappingException e) {
            return true;
        } catch (UsersRepositoryException | RecipientRewriteTableException e) {
            throw new TableLookupException("users and aliases: " + e.getMessage(), e);
        }
    }
}
