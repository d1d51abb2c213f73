package org.postern.policy.restriction;

import java.util.Objects;

/**
 * A main.cf parameter that a feature reads, with Postfix's default ({@code postconf -d}), so that an admin's
 * value means here what it means in Postfix and an absent one behaves as in Postfix.
 */
public record Parameter(String name, String defaultValue) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }

    public static Parameter of(String name, String defaultValue) {
        return new Parameter(name, defaultValue);
    }
}
