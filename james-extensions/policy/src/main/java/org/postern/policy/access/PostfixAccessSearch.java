package org.postern.policy.access;

import java.util.Optional;

import org.postern.policy.table.AddressSearch;
import org.postern.policy.table.ClientSearch;
import org.postern.policy.table.DomainSearch;
import org.postern.policy.table.LookupTable;
import org.postern.policy.table.TableMatch;

/** access(5)'s search orders, as the table layer implements them for every map: see {@link AccessSearch}. */
final class PostfixAccessSearch implements AccessSearch {
    /** Postfix's smtpd_null_access_lookup_key: how the null sender {@code <>} is looked up. */
    private static final String NULL_SENDER_KEY = "<>";

    private final AddressSearch addresses;
    private final DomainSearch domains;
    private final ClientSearch clients;

    PostfixAccessSearch(String recipientDelimiters, boolean parentMatchesSubdomains) {
        this.addresses = new AddressSearch(recipientDelimiters == null ? "" : recipientDelimiters, parentMatchesSubdomains, NULL_SENDER_KEY);
        this.domains = new DomainSearch(parentMatchesSubdomains);
        this.clients = new ClientSearch(parentMatchesSubdomains);
    }

    @Override
    public Optional<Match> findAddress(LookupTable table, String address) {
        return addresses.find(table, address).map(PostfixAccessSearch::match);
    }

    @Override
    public Optional<Match> findDomain(LookupTable table, String domain) {
        return domains.find(table, domain).map(PostfixAccessSearch::match);
    }

    @Override
    public Optional<Match> findClient(LookupTable table, String hostname, String address) {
        return clients.find(table, hostname, address).map(PostfixAccessSearch::match);
    }

    private static Match match(TableMatch found) {
        return new Match(found.key(), found.value());
    }
}
