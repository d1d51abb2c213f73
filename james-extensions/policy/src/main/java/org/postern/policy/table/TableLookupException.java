package org.postern.policy.table;

/** A table that cannot answer now: the caller must defer (4xx), not treat the key as absent. */
public class TableLookupException extends RuntimeException {
    public TableLookupException(String message, Throwable cause) {
        super(message, cause);
    }

    public TableLookupException(String message) {
        super(message);
    }
}
