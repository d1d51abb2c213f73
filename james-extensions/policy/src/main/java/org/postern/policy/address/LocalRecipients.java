package org.postern.policy.address;

import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.VirtualSettings;

/**
 * Who can receive mail here, for {@code reject_unlisted_recipient} (Postfix's recipient maps): the hosted domains,
 * and where mail for one of their addresses goes (mailboxes, aliases, catch-alls, as {@code VirtualAliases}
 * expands them). Methods may throw {@link org.postern.policy.table.TableLookupException} when they cannot answer
 * now.
 */
public interface LocalRecipients {

    /** True when {@code domain} (lower-cased, no trailing dot) is a domain whose users we know. */
    boolean isHostedDomain(String domain);

    /** Where mail for {@code address} (an address of a hosted domain, as the client sent it) would go. */
    Expansion expand(String address, VirtualSettings settings);
}
