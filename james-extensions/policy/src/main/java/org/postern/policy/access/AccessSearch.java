package org.postern.policy.access;

import java.util.Optional;

import org.postern.policy.table.LookupTable;

/**
 * How an access map is searched for a subject: which keys are tried, most specific first, and the first
 * key the table knows wins. Postfix's orders are the default ({@link #postfix}); the lookup-table package's
 * AddressSearch, DomainSearch and ClientSearch answer the same questions and plug in through a
 * three-method adapter.
 */
public interface AccessSearch {

    /** The key that matched and its raw value. */
    record Match(String key, String value) {
    }

    /**
     * A mail address: {@code user+ext@domain}, {@code user@domain}, the domain and its parents,
     * {@code user+ext@}, {@code user@}; a pattern table sees the whole address only.
     *
     * @throws org.postern.policy.table.TableLookupException when the table cannot answer now
     */
    Optional<Match> findAddress(LookupTable table, String address);

    /** A host or domain name, then its parent domains (none for a numeric name). */
    Optional<Match> findDomain(LookupTable table, String domain);

    /** A client: its host name and parent domains, then its address and shorter prefixes of it. */
    Optional<Match> findClient(LookupTable table, String hostname, String address);

    /**
     * Postfix's search order.
     *
     * @param recipientDelimiters Postfix's {@code recipient_delimiter}: the characters that start an address
     *        extension, empty for none (Postfix's default)
     * @param parentMatchesSubdomains true when {@code smtpd_access_maps} is listed in Postfix's
     *        {@code parent_domain_matches_subdomains} (its default): the key {@code example.com} then also
     *        matches {@code mail.example.com}; when false, subdomains are matched by {@code .example.com}
     */
    static AccessSearch postfix(String recipientDelimiters, boolean parentMatchesSubdomains) {
        return new PostfixAccessSearch(recipientDelimiters, parentMatchesSubdomains);
    }
}
