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
}
