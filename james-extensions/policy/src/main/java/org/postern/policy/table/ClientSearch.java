package org.postern.policy.table;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Postfix's search order for an SMTP client in an access table (access(5) "HOST NAME/ADDRESS PATTERNS",
 * smtpd_check.c check_namadr_access), as used by check_client_access:
 * <ol>
 *   <li>the client's host name and its parent domains, as in {@link DomainSearch} (skipped when the
 *       client has no name);</li>
 *   <li>the client's address, then shorter prefixes of its text: {@code 1.2.3.4}, {@code 1.2.3},
 *       {@code 1.2}, {@code 1}; for IPv6 the text is cut at each {@code :} from the right, on the address
 *       as inet_ntop writes it, so {@code 2001:db8::1} tries {@code 2001:db8::1}, {@code 2001:db8:},
 *       {@code 2001:db8}, {@code 2001} ("not all the ':' subnetworks will be tried").</li>
 * </ol>
 * The address is first put in that canonical form (lower case, zeros compressed as inet_ntop does, an
 * IPv4-mapped IPv6 address as plain IPv4, no zone), because access map keys are written that way.
 * Pattern tables are asked for the whole name and the whole address only (a cidr table ignores the name,
 * which is not an address). The first key found ends the search.
 */
public final class ClientSearch {

    private final DomainSearch domainSearch;

    /**
     * @param parentDomainMatchesSubdomains true when parent_domain_matches_subdomains lists smtpd_access_maps
     */
    public ClientSearch(boolean parentDomainMatchesSubdomains) {
        this.domainSearch = new DomainSearch(parentDomainMatchesSubdomains);
    }

    /** Postfix's default: parent domains match subdomains. */
    public static ClientSearch postfixDefaults() {
        return new ClientSearch(true);
    }

    /**
     * @param hostname the client's verified host name, or null/empty when it has none
     * @param address  the client's IP address
     * @throws IllegalArgumentException when the address is not an IP address
     * @throws TableLookupException     when the table cannot answer
     */
    public Optional<TableMatch> find(LookupTable table, String hostname, String address) {
        return TableMatch.firstOf(table, searchKeys(hostname, address, table.matchesWholeString()));
    }

    /** As {@link #find(LookupTable, String, String)} with the address of a socket. */
    public Optional<TableMatch> find(LookupTable table, String hostname, InetAddress address) {
        return find(table, hostname, address.getHostAddress());
    }

    /** The address part of the search only (Postfix's check_client_a_access). */
    public Optional<TableMatch> findAddress(LookupTable table, String address) {
        return TableMatch.firstOf(table, addressKeys(address, table.matchesWholeString()));
    }

    List<String> searchKeys(String hostname, String address, boolean wholeStringOnly) {
        List<String> keys = new ArrayList<>();
        if (hostname != null) {
            keys.addAll(domainSearch.searchKeys(hostname, wholeStringOnly));
        }
        keys.addAll(addressKeys(address, wholeStringOnly));
        return keys;
    }

    List<String> addressKeys(String address, boolean wholeStringOnly) {
        String canonical = canonicalAddress(address);
        List<String> keys = new ArrayList<>();
        keys.add(canonical);
        if (!wholeStringOnly) {
            char separator = canonical.indexOf(':') >= 0 ? ':' : '.';
            String prefix = canonical;
            int cut;
            while ((cut = prefix.lastIndexOf(separator)) >= 0) {
                prefix = prefix.substring(0, cut);
                if (!prefix.isEmpty()) {
                    keys.add(prefix);
                }
            }
        }
        return keys;
    }

    /** The address as Postfix writes it in access maps; see the class comment. */
    static String canonicalAddress(String address) {
        String text = address.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        String original = address;
        byte[] bytes = IpAddresses.parse(text)
            .orElseThrow(() -> new IllegalArgumentException("not an IP address: \"" + original + "\""));
        return IpAddresses.format(IpAddresses.unmapIpv4(bytes).orElse(bytes));
    }
}
