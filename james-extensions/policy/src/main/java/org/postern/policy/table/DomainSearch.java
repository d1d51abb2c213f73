package org.postern.policy.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Postfix's search order for a host or domain name in an access table (access(5) "HOST NAME/ADDRESS
 * PATTERNS", smtpd_check.c check_domain_access), as used by check_helo_access, check_sender_mx_access and
 * the like. For {@code host.example.com}:
 * <ol>
 *   <li>{@code host.example.com};</li>
 *   <li>then its parent domains, one label less at a time, up to the top-level domain:
 *     <ul>
 *       <li>when {@code parent_domain_matches_subdomains} includes {@code smtpd_access_maps} (Postfix's
 *           default): {@code example.com}, {@code com}, so key {@code example.com} also matches every
 *           subdomain;</li>
 *       <li>otherwise {@code .example.com}, {@code .com}, so key {@code .example.com} matches subdomains and
 *           key {@code example.com} matches only itself.</li>
 *     </ul>
 *   </li>
 * </ol>
 * A name that is an IP address gets no parent lookups. Pattern tables ({@link LookupTable#matchesWholeString()},
 * regexp, pcre and cidr) are asked for the whole name only. The first key found ends the search.
 */
public final class DomainSearch {

    private final boolean parentDomainMatchesSubdomains;

    /**
     * @param parentDomainMatchesSubdomains true when Postfix's {@code parent_domain_matches_subdomains} lists
     *                                      {@code smtpd_access_maps}
     */
    public DomainSearch(boolean parentDomainMatchesSubdomains) {
        this.parentDomainMatchesSubdomains = parentDomainMatchesSubdomains;
    }

    /** Postfix's default: parent_domain_matches_subdomains includes smtpd_access_maps. */
    public static DomainSearch postfixDefaults() {
        return new DomainSearch(true);
    }

    /**
     * @throws TableLookupException when the table cannot answer
     */
    public Optional<TableMatch> find(LookupTable table, String domain) {
        return TableMatch.firstOf(table, searchKeys(domain, table.matchesWholeString()));
    }

    List<String> searchKeys(String domain, boolean wholeStringOnly) {
        if (domain.isEmpty()) {
            return List.of();
        }
        return wholeStringOnly ? List.of(domain) : nameAndParents(domain);
    }

    /** The name, then each parent domain in the configured style (the domain part of an address uses this). */
    List<String> nameAndParents(String domain) {
        List<String> keys = new ArrayList<>();
        if (domain.isEmpty()) {
            return keys;
        }
        keys.add(domain);
        if (IpAddresses.parse(domain).isPresent()) {
            return keys;
        }
        String name = domain;
        int next;
        while ((next = name.indexOf('.', 1)) >= 0) {
            name = parentDomainMatchesSubdomains ? name.substring(next + 1) : name.substring(next);
            if (name.isEmpty()) {
                break;
            }
            keys.add(name);
        }
        return keys;
    }
}
