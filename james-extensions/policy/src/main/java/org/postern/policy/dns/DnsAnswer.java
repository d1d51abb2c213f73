package org.postern.policy.dns;

import java.util.List;

/**
 * The answer to one DNS question. "Not found" (NXDOMAIN or no record of that type) and "temporary
 * failure" (timeout, SERVFAIL) are kept apart because Postfix answers them differently: the first may be
 * a rejection, the second never is.
 */
public sealed interface DnsAnswer<T> {

    /** At least one record. */
    record Found<T>(List<T> records) implements DnsAnswer<T> {
        public Found {
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("a found answer has records; use NotFound");
            }
        }
    }

    /** The name does not exist, or has no record of the type asked for. */
    record NotFound<T>() implements DnsAnswer<T> {
    }

    /** No definite answer now; {@code reason} is for the log. */
    record TemporaryFailure<T>(String reason) implements DnsAnswer<T> {
    }

    static <T> DnsAnswer<T> found(List<T> records) {
        return new Found<>(records);
    }

    static <T> DnsAnswer<T> notFound() {
        return new NotFound<>();
    }

    static <T> DnsAnswer<T> temporaryFailure(String reason) {
        return new TemporaryFailure<>(reason);
    }

    default boolean isFound() {
        return this instanceof Found;
    }

    default boolean isTemporaryFailure() {
        return this instanceof TemporaryFailure;
    }
}
