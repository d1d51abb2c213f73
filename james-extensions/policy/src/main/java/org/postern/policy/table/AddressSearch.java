package org.postern.policy.table;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Postfix's search order for an email address in an access table (access(5) "EMAIL ADDRESS PATTERNS" and
 * "EMAIL ADDRESS EXTENSION", smtpd_check.c check_mail_access), as used by check_sender_access and
 * check_recipient_access. For {@code user+ext@sub.example.com} with recipient_delimiter {@code +}:
 * <ol>
 *   <li>{@code user+ext@sub.example.com}</li>
 *   <li>{@code user@sub.example.com} (only when the address has an extension)</li>
 *   <li>the domain {@code sub.example.com}, then its parent domains as in {@link DomainSearch}:
 *       {@code example.com}, {@code com} when parent_domain_matches_subdomains includes smtpd_access_maps
 *       (Postfix's default), otherwise {@code .example.com}, {@code .com}</li>
 *   <li>{@code user+ext@}</li>
 *   <li>{@code user@} (only when the address has an extension)</li>
 * </ol>
 * Without an extension (or with an empty recipient_delimiter) that is {@code user@domain}, the domain and its
 * parents, {@code user@}. The extension is split as {@link RecipientDelimiter} describes.
 *
 * <p>Pattern tables ({@link LookupTable#matchesWholeString()}: regexp, pcre, cidr) are asked for the whole
 * address only. The null sender ({@code ""} or {@code <>}) is looked up once, in every kind of table, as
 * {@code smtpd_null_access_lookup_key} (default {@code <>}). An address without {@code @} (never seen by
 * Postfix, which qualifies addresses first) is looked up whole, then without its extension.
 * The first key found ends the search.
 */
public final class AddressSearch {

    public static final String DEFAULT_RECIPIENT_DELIMITER = "+";
    public static final String DEFAULT_NULL_ACCESS_LOOKUP_KEY = "<>";

    private final RecipientDelimiter recipientDelimiter;
    private final DomainSearch domainSearch;
    private final String nullAccessLookupKey;

    /**
     * @param recipientDelimiter            Postfix's recipient_delimiter; empty for none
     * @param parentDomainMatchesSubdomains true when parent_domain_matches_subdomains lists smtpd_access_maps
     * @param nullAccessLookupKey           Postfix's smtpd_null_access_lookup_key
     */
    public AddressSearch(String recipientDelimiter, boolean parentDomainMatchesSubdomains,
                         String nullAccessLookupKey) {
        Objects.requireNonNull(nullAccessLookupKey, "nullAccessLookupKey");
        if (nullAccessLookupKey.isBlank()) {
            throw new IllegalArgumentException("smtpd_null_access_lookup_key must not be empty");
        }
        this.recipientDelimiter = RecipientDelimiter.of(recipientDelimiter);
        this.domainSearch = new DomainSearch(parentDomainMatchesSubdomains);
        this.nullAccessLookupKey = nullAccessLookupKey;
    }

    /** recipient_delimiter {@code +}, parent domains match subdomains, null sender looked up as {@code <>}. */
    public static AddressSearch postfixDefaults() {
        return new AddressSearch(DEFAULT_RECIPIENT_DELIMITER, true, DEFAULT_NULL_ACCESS_LOOKUP_KEY);
    }

    /**
     * @param address the envelope address without angle brackets; {@code ""} or {@code <>} for the null sender
     * @throws TableLookupException when the table cannot answer
     */
    public Optional<TableMatch> find(LookupTable table, String address) {
        return TableMatch.firstOf(table, searchKeys(address, table.matchesWholeString()));
    }

    /** The keys looked up for {@code address} in a text or database table, in order. */
    public List<String> keys(String address) {
        return searchKeys(address, false);
    }

    List<String> searchKeys(String address, boolean wholeStringOnly) {
        if (address.isEmpty() || address.equals("<>")) {
            return List.of(nullAccessLookupKey);
        }
        if (wholeStringOnly) {
            return List.of(address);
        }
        Set<String> keys = new LinkedHashSet<>();
        keys.add(address);
        Optional<String> withoutExtension = recipientDelimiter.strip(address);
        withoutExtension.ifPresent(keys::add);
        int at = address.lastIndexOf('@');
        if (at >= 0) {
            keys.addAll(domainSearch.nameAndParents(address.substring(at + 1)));
            keys.add(address.substring(0, at + 1));
            withoutExtension.ifPresent(bare -> keys.add(bare.substring(0, bare.lastIndexOf('@') + 1)));
        }
        return List.copyOf(keys);
    }
}
