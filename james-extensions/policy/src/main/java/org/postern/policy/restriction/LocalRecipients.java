package org.postern.policy.restriction;

/**
 * Who can receive mail here, for {@code reject_unlisted_recipient} (Postfix's recipient maps). An address
 * arrives as the client sent it; the implementation decides about case, extensions and catch-alls.
 * Methods may throw {@link org.postern.policy.table.TableLookupException} when they cannot answer now.
 */
public interface LocalRecipients {

    /** True when {@code domain} (lower-cased, no trailing dot) is a domain whose users we know. */
    boolean isHostedDomain(String domain);

    /** True when {@code address} is a user, an alias or is covered by a catch-all. */
    boolean isKnownRecipient(String address);
}
