package org.postern.policy.james;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.postern.policy.address.LocalRecipients;
import org.postern.policy.table.TableLookupException;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.Mailboxes;
import org.postern.policy.virtual.VirtualAliases;
import org.postern.policy.virtual.VirtualSettings;

/**
 * Who receives mail here, as James knows it: the hosted domains (James's domain list), the mailboxes (its users)
 * and the virtual aliases (its recipient rewrite table: aliases, groups, forwards, domain aliases, catch-alls,
 * error mappings), resolved the Postfix way by {@link VirtualAliases}. The SMTP door asks it at RCPT
 * ({@code reject_unlisted_recipient}) and the mail pipeline's {@code VirtualAliases} mailet asks it where to deliver,
 * so that nothing accepted at the door bounces later for "no such user".
 */
public final class MailboxRecipients implements LocalRecipients {
    private final HostedDestinations hosted;
    private final VirtualAliases aliases;

    /**
     * @param serverPostmaster where the role accounts (postmaster@, abuse@) of every hosted domain go: the
     *        {@code <postmaster>} of mailetcontainer.xml, read at each lookup, as the mailet container is
     *        configured after the restrictions are built
     */
    public MailboxRecipients(DomainList domains, UsersRepository users, RecipientRewriteTable rewriteTable,
                             Supplier<Optional<MailAddress>> serverPostmaster) {
        this.hosted = new HostedDestinations(domains);
        this.aliases = new VirtualAliases(new RewriteTableAliases(rewriteTable), new Mailboxes() {
            @Override
            public boolean isHostedDomain(String domain) {
                return hosted.isHosted(domain);
            }

            @Override
            public boolean hasMailbox(String address) {
                return isUser(users, address);
            }

            @Override
            public Optional<String> postmaster() {
                return serverPostmaster.get().map(MailAddress::asString);
            }
        });
    }

    @Override
    public boolean isHostedDomain(String domain) {
        return hosted.isHosted(domain);
    }

    @Override
    public Expansion expand(String address, VirtualSettings settings) {
        return aliases.expand(address, settings);
    }

    private static boolean isUser(UsersRepository users, String address) {
        try {
            return users.contains(users.getUsername(new MailAddress(address)));
        } catch (UsersRepositoryException e) {
            throw new TableLookupException("users: " + e.getMessage(), e);
        } catch (Exception e) {
            // not an address James can store, or longer than a user name may be: no such user
            return false;
        }
    }
}
