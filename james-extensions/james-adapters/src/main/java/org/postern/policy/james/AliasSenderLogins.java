package org.postern.policy.james;

import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.postern.policy.senderlogin.SenderLogins;
import org.postern.policy.table.TableLookupException;

/**
 * Postfix's smtpd_sender_login_maps from James's data: an address is owned by the user of that name and by
 * the users it is an alias of (webadmin {@code /address/aliases/alice@x/sources/info@x}: alice may send as
 * info@x), as James's own CanSendFrom decides.
 */
public final class AliasSenderLogins implements SenderLogins {
    private final UsersRepository users;
    private final RecipientRewriteTable aliases;

    public AliasSenderLogins(UsersRepository users, RecipientRewriteTable aliases) {
        this.users = users;
        this.aliases = aliases;
    }

    @Override
    public Set<String> ownersOf(String senderAddress) {
        MailAddress address;
        try {
            address = new MailAddress(senderAddress);
        } catch (Exception e) {
            return Set.of();
        }
        Set<String> owners = new LinkedHashSet<>();
        try {
            Username self = users.getUsername(address);
            if (users.contains(self)) {
                owners.add(self.asString());
            }
            aliases.getStoredMappings(MappingSource.fromMailAddress(address)).asStream()
                .filter(mapping -> mapping.getType() == Mapping.Type.Alias)
                .forEach(mapping -> owners.add(mapping.getMappingValue()));
        } catch (UsersRepositoryException | RecipientRewriteTableException e) {
            throw new TableLookupException("users and aliases: " + e.getMessage(), e);
        }
        return owners;
    }
}
