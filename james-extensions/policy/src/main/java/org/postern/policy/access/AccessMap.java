package org.postern.policy.access;

import java.util.Optional;
import java.util.function.Supplier;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.table.LookupTable;
import org.postern.policy.table.TableLookupException;

/**
 * A lookup table used as a Postfix access map ({@code check_*_access}): it walks the search order for a
 * subject and parses the value of the first key found into an {@link AccessAction}. Immutable; as
 * thread-safe as the table it reads.
 */
public final class AccessMap {
    private final LookupTable table;
    private final AccessSearch search;

    public AccessMap(LookupTable table, AccessSearch search) {
        this.table = table;
        this.search = search;
    }

    /** The table reference as the admin wrote it. */
    public String reference() {
        return table.reference();
    }

    /** A sender or recipient address (check_sender_access, check_recipient_access). */
    public AccessLookup findAddress(String address) {
        return answer(() -> search.findAddress(table, address));
    }

    /** A HELO name or any other domain (check_helo_access). */
    public AccessLookup findDomain(String domain) {
        return answer(() -> search.findDomain(table, domain));
    }

    /**
     * A client: its host name and parent domains first, then its address and parent networks
     * (check_client_access). Postfix warns that a domain entry can thus pre-empt an address entry.
     */
    public AccessLookup findClient(String hostname, String address) {
        return answer(() -> search.findClient(table, hostname, address));
    }

    /** One key, no search order (the null sender's {@code <>}). */
    public AccessLookup findExactly(String key) {
        return answer(() -> table.lookup(key).map(value -> new AccessSearch.Match(key, value)));
    }

    private AccessLookup answer(Supplier<Optional<AccessSearch.Match>> lookup) {
        Optional<AccessSearch.Match> match;
        try {
            match = lookup.get();
        } catch (TableLookupException e) {
            return new AccessLookup.Unavailable(e.getMessage());
        }
        if (match.isEmpty()) {
            return new AccessLookup.NotFound();
        }
        String key = match.get().key();
        try {
            return new AccessLookup.Found(key, AccessAction.parse(match.get().value(), table.reference(), key));
        } catch (InvalidConfigurationException e) {
            return new AccessLookup.Invalid(key, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return table.reference();
    }
}
