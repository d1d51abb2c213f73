package org.postern.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.rrt.api.RecipientRewriteTable.ErrorMappingException;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.user.api.UsersRepositoryException;

/**
 * Rejects, at RCPT, an address of a hosted domain whose alias mapping is an error (James's
 * {@code error:550 text} mappings), with that error's text:
 * {@code 550 5.1.1 <x@y>: Recipient address rejected: text}. James's own handler would accept it and bounce
 * later. Listed after {@link RestrictionHooks}, which counts such an address as known (unknown users are
 * its {@code reject_unlisted_recipient}), and before James's core handlers.
 */
public class AliasErrorHook implements RcptHook {
    private final RecipientRewriteTable aliases;
    private final DomainList domains;
    private final UsersRepository users;

    @Inject
    public AliasErrorHook(RecipientRewriteTable aliases, DomainList domains, UsersRepository users) {
        this.aliases = aliases;
        this.domains = domains;
        this.users = users;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            // a user's own address is delivered whatever the table says (as before the lists): skip the
            // alias resolution, the dearest lookup of RCPT, for the common case
            if (domains.containsDomain(rcpt.getDomain()) && !users.contains(users.getUsername(rcpt))) {
                aliases.getResolvedMappings(rcpt.getLocalPart(), rcpt.getDomain());
            }
            return HookResult.DECLINED;
        } catch (ErrorMappingException e) {
            return SmtpReplies.reject("550", "5.1.1 <" + rcpt.asString() + ">: Recipient address rejected: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // longer than a user name may be: not a user, and the restrictions have said what they think of it
            return HookResult.DECLINED;
        } catch (DomainListException | RecipientRewriteTableException | UsersRepositoryException e) {
            // the store is unreachable: ask the client to retry rather than guess
            return SmtpReplies.defer("451", "4.3.0 <" + rcpt.asString() + ">: Temporary lookup failure");
        }
    }
}
