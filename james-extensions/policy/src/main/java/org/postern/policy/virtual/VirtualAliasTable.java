package org.postern.policy.virtual;

import java.util.Optional;

/**
 * Postfix's virtual_alias_maps, asked for one exact key at a time: {@code user@domain} or {@code @domain}. The
 * search order is {@link VirtualAliases}'.
 */
@FunctionalInterface
public interface VirtualAliasTable {

    /**
     * @param key a lower-case {@code user@domain} or {@code @domain}
     * @throws org.postern.policy.table.TableLookupException when the table cannot answer now
     */
    Optional<AliasEntry> lookup(String key);
}
