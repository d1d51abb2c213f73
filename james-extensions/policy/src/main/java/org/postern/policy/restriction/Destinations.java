package org.postern.policy.restriction;

/**
 * Which domains this server receives mail for: Postfix's address classes, reduced to what restrictions
 * need. Domains arrive lower-cased, without a trailing dot; an address literal arrives as {@code [192.0.2.1]}.
 * Implementations may throw {@link org.postern.policy.table.TableLookupException} when they cannot answer
 * now; the client then gets a 4xx "Temporary lookup failure", never a relay decision made blind.
 */
public interface Destinations {

    /** Final delivery here: Postfix's mydestination, virtual alias and virtual mailbox domains. */
    boolean isHosted(String domain);

    /** Accepted for relaying elsewhere: Postfix's relay_domains (backup MX, internal relays). */
    boolean isRelayed(String domain);
}
