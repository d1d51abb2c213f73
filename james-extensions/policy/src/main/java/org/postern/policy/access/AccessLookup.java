package org.postern.policy.access;

/** The answer of an access map for one subject. */
public sealed interface AccessLookup {

    /** The first key of the search order that the table knows, and what its value says. */
    record Found(String key, AccessAction action) implements AccessLookup {
    }

    /** No key matched: the restriction has no opinion. */
    record NotFound() implements AccessLookup {
    }

    /** The table could not answer now (file unreadable, database down): the client must retry later. */
    record Unavailable(String reason) implements AccessLookup {
    }

    /** A key matched but its value is not an access action: a configuration error in the table. */
    record Invalid(String key, String message) implements AccessLookup {
    }
}
