package org.postern.policy.table;

import java.util.List;

/**
 * What a lookup table maps, Postfix's table purposes: access(5) actions, relocated(5) addresses, transport(5)
 * routes, relay recipients, virtual(5) aliases, generic(5) rewrites. A kind owns the check of its values (a
 * file is refused at startup naming the line; a {@code db:} entry over webadmin with a 400) and the order in
 * which an address is looked up in its tables.
 */
public interface TableKind {

    /** Its name in webadmin and messages: {@code access}, {@code relocated}, {@code virtual_alias}... */
    String name();

    /**
     * Checks one value as a server will read it.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    void checkValue(String value);

    /**
     * Postfix's search keys for an address in a table of this kind, most specific first, e.g.
     * {@code user+ext@domain}, {@code user@domain}, {@code @domain} for a relocated table.
     *
     * @param address   the address, lower-cased, with its domain
     * @param delimiter recipient_delimiter: how an extension is split off
     */
    List<String> addressKeys(String address, RecipientDelimiter delimiter);
}
