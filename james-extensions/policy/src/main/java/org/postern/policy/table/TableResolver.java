package org.postern.policy.table;


/**
 * Opens the table a restriction names ({@code check_sender_access hash:/etc/postfix/sender_access},
 * {@code db:sender_access}). The lookup-table registry implements it; the parser adds the file, list and
 * token to any error.
 */
@FunctionalInterface
public interface TableResolver {

    /**
     * @param reference the reference as written, {@code type:name}
     * @param kind      what the table maps, which its values must be
     * @throws org.postern.config.InvalidConfigurationException or {@link IllegalArgumentException} when
     *         the reference names no usable table (unknown type, missing file)
     */
    LookupTable open(String reference, TableKind kind);
}
