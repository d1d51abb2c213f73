package org.postern.policy.restriction;

import java.util.function.Function;
import java.util.function.Supplier;

/** Where a {@link RestrictionFeature} registers the names it answers to, for one SMTP server's lists. */
public interface RestrictionRegistrar {

    /** A restriction written alone, e.g. {@code permit_mynetworks}; the factory runs once per occurrence in a list. */
    void plain(String name, Supplier<Restriction> factory);

    /**
     * A restriction that takes the next token as its argument, e.g. {@code check_sender_access db:senders}. The
     * factory throws {@link IllegalArgumentException} for an argument it cannot use.
     */
    void withArgument(String name, Function<String, Restriction> factory);

    /** Another name for a registered restriction (Postfix's older names: {@code reject_rbl}). */
    void alias(String alias, String name);

    /**
     * The parser for restriction names found in an access map value or a policy answer
     * ({@code permit_mynetworks, reject}), for restrictions that evaluate such values.
     */
    NestedRestrictions nested();
}
