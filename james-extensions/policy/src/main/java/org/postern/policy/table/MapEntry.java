package org.postern.policy.table;

/**
 * One entry of a Postfix text map as written: the key (lower-cased, as postmap stores it), the value and the
 * line it starts on.
 */
public record MapEntry(String key, String value, int line) {
}
