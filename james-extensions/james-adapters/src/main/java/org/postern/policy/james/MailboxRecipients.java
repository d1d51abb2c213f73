package org.postern.policy.james;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.postern.policy.restriction.LocalRecipients;
import org.postern.policy.table.TableLookupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who receives mail here, for {@code reject_unlisted_recipient}: an address of a hosted domain that the mail
 * pipeline (conf/mailetcontainer.xml) will deliver, so that nothing accepted at the door bounces later for
 * "no such user":
 * <ul>
 * <li>a user;</li>
 * <li>an alias whose every final target is a user here or an address in a domain we do not host (relayed);
 *     an alias with a target nobody receives is refused whole, and the broken target is logged;</li>
 * <li>{@code postmaster@} a hosted domain when it is a user or an alias to users here (James's
 *     {@code PostmasterAlias} then keeps it), else when the server's postmaster (the {@code <postmaster>}
 *     of mailetcontainer.xml, which PostmasterAlias redirects it to) receives mail.</li>
 * </ul>
 * An alias whose mapping is an error counts as known here: {@code AliasErrorHook}, after the restrictions,
 * answers with that error's text.
 */
public final class MailboxRecipients implements LocalRecipients {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxRecipients.class);

    private final HostedDestinations hosted;
    private final UsersRepository users;
    private final RecipientRewriteTable aliases;
    private final Predicate<MailAddress> keptByPostmasterAlias;
    private final Supplier<Optional<MailAddress>> serverPostmaster;

    /**
     * @param keptByPostmasterAlias James's "local email" test, by which PostmasterAlias leaves a
     *        {@code postmaster@} address alone (MailetContext#isLocalEmail)
     * @param serverPostmaster where PostmasterAlias redirects the others (MailetContext#getPostmaster); read at
     *        each lookup, as the mailet container is configured after the restrictions are built
     */
    public MailboxRecipients(DomainList domains, UsersRepository users, RecipientRewriteTable aliases,
                             Predicate<MailAddress> keptByPostmasterAlias, Supplier<Optional<MailAddress>> serverPostmaster) {
        this.hosted = new HostedDestinations(domains);
        this.users = users;
        this.aliases = aliases;
        this.keptByPostmasterAlias = keptByPostmasterAlias;
        this.serverPostmaster = serverPostmaster;
    }

    @Override
    public boolean isHostedDomain(String domain) {
        return hosted.isHosted(domain);
    }

    @Override
    public boolean isKnownRecipient(String address) {
        Optional<MailAddress> mailAddress = parse(address);
        if (mailAddress.isEmpty()) {
            // not an address James can store: nobody by that name
            return false;
        }
        try {
            if (isPostmaster(mailAddress.get()) && !keptByPostmasterAlias.test(mailAddress.get())) {
                Optional<MailAddress> postmaster = serverPostmaster.get();
                return postmaster.isPresent() && !postmaster.get().equals(mailAddress.get())
                    && receives(postmaster.get());
            }
            return receives(mailAddress.get());
        } catch (RecipientRewriteTable.ErrorMappingException e) {
            return true;
        } catch (UsersRepositoryException | RecipientRewriteTableException e) {
            throw new TableLookupException("users and aliases: " + e.getMessage(), e);
        }
    }

    /** A user, or an alias every final target of which is delivered. */
    private boolean receives(MailAddress address)
        throws UsersRepositoryException, RecipientRewriteTableException, RecipientRewriteTable.ErrorMappingException {
        if (isUser(address)) {
            return true;
        }
        Mappings mappings = aliases.getResolvedMappings(address.getLocalPart(), address.getDomain());
        if (mappings.isEmpty()) {
            return false;
        }
        for (Mapping mapping : mappings) {
            Optional<MailAddress> target = mapping.asMailAddress();
            if (target.isEmpty() || (hosted.isHosted(target.get().getDomain().asString()) && !isUser(target.get()))) {
                LOGGER.warn("alias {} leads to {}, which receives no mail: mail to {} is refused until the alias is fixed",
                    address.asString(), mapping.asString(), address.asString());
                return false;
            }
        }
        return true;
    }

    private boolean isUser(MailAddress address) throws UsersRepositoryException {
        try {
            return users.contains(users.getUsername(address));
        } catch (IllegalArgumentException e) {
            // longer than a user name may be (255 characters): no such user
            return false;
        }
    }

    private boolean isPostmaster(MailAddress address) {
        return address.getLocalPart().toLowerCase(Locale.US).equals("postmaster")
            && hosted.isHosted(address.getDomain().asString());
    }

    private static Optional<MailAddress> parse(String address) {
        try {
            return Optional.of(new MailAddress(address));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
