package org.postern.policy.table;

import java.util.Optional;

/**
 * One Postfix-style lookup table (Postfix's "dict"): a text map, a CIDR table, a regexp table or a table
 * stored in the server's database. Every map of the policy core (access maps now; relocated users, relay
 * recipients, transports and whitelists later) is one of these, so the same check works on any backend.
 *
 * <p>A table answers for one key at a time; the caller applies the search order (see {@link #matchesWholeString()}).
 */
public interface LookupTable {

    /**
     * The value for this key, or empty. Keys are compared case-insensitively. For a pattern table
     * (regexp, cidr) the key is matched against each pattern in file order and the first match wins.
     *
     * @throws TableLookupException when the table cannot answer now (unreadable file, database down):
     *         a restriction turns that into a temporary (4xx) reply, never into "not found".
     */
    Optional<String> lookup(String key);

    /**
     * True for pattern tables (regexp, cidr): Postfix applies them to the entire string only, without
     * breaking addresses into user@ and domain parts or searching parent domains and networks.
     */
    boolean matchesWholeString();

    /** The reference the admin wrote, e.g. {@code file:/etc/postern/access} or {@code db:recipient_access}. */
    String reference();
}
