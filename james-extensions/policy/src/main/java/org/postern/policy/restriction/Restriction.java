package org.postern.policy.restriction;

/**
 * One entry of a restriction list: {@code permit_mynetworks}, {@code reject_rbl_client zen.spamhaus.org},
 * {@code check_sender_access db:sender_access}... Implementations are small, immutable and thread-safe:
 * one instance serves every SMTP session. Everything about the current request comes in the context.
 */
public interface Restriction {

    /** The restriction as written in the list, with its argument; names the check in decisions and logs. */
    String name();

    /**
     * Judges the request.
     *
     * @throws org.postern.policy.table.TableLookupException when a table or directory cannot answer now;
     *         the list turns that into {@code 451 4.3.0 <subject>: Temporary lookup failure}
     */
    Outcome check(CheckContext context);

    /**
     * True when this restriction refuses whatever is not explicitly permitted before it, so that a list holding it
     * closes the relay (Postfix's "rcpt_required": reject_unauth_destination, defer_unauth_destination, reject,
     * defer, defer_if_permit). A server none of whose relay or recipient lists has one is refused at startup.
     */
    default boolean guardsRelay() {
        return false;
    }

    /** True when this restriction looks at the client's hostname, which is then looked up when a client connects. */
    default boolean needsClientHostname() {
        return false;
    }
}
