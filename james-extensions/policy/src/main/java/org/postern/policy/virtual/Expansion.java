package org.postern.policy.virtual;

import java.util.List;

/**
 * Where mail for one address goes, after Postfix's virtual alias expansion.
 *
 * @param status     whether the address can be delivered, and if not why
 * @param deliveries the final addresses: mailboxes here ({@link Delivery#local()}) or other domains (forwards),
 *                   each once; empty unless the status is {@link Status#DELIVERED}
 * @param detail     for a refusal: the error text of a {@link AliasEntry.Refused} entry, or the address that has no
 *                   mailbox, or the chain of a loop
 */
public record Expansion(Status status, List<Delivery> deliveries, String detail) {

    public enum Status {
        /** Every final address is a mailbox here or in another domain. */
        DELIVERED,
        /** Some address on the way has neither mailbox, alias nor catch-all. */
        UNKNOWN,
        /** An alias on the way is an error entry. */
        REFUSED,
        /** The aliases lead back to an address already on the way, or nest deeper than any sane table. */
        LOOP,
        /** The aliases expand to more addresses than one message may have. */
        TOO_MANY
    }

    /**
     * One final address.
     *
     * @param address   the mailbox or remote address, lower case
     * @param original  the address the expansion started from (X-Original-To)
     * @param extension the address extension to deliver with ({@code news} of {@code alice+news@}), empty if none
     * @param local     true for a mailbox here, false for another domain
     */
    public record Delivery(String address, String original, String extension, boolean local) {
    }

    public Expansion {
        deliveries = List.copyOf(deliveries);
        detail = detail == null ? "" : detail;
    }

    public boolean isDelivered() {
        return status == Status.DELIVERED;
    }

    static Expansion failed(Status status, String detail) {
        return new Expansion(status, List.of(), detail);
    }
}
