package org.postern.policy.virtual;

import java.util.List;

/** What one key of the virtual alias table maps to. */
public sealed interface AliasEntry {

    /** One or more addresses (an alias, a list, a forward); a catch-all when the key is {@code @domain}. */
    record Addresses(List<String> targets) implements AliasEntry {
        public Addresses {
            targets = List.copyOf(targets);
        }
    }

    /** {@code @alias.example -> @example.com}: every address of the domain is the same address of another. */
    record DomainAlias(String domain) implements AliasEntry {
    }

    /** An address that must be refused with this text (James's {@code error:} mappings). */
    record Refused(String text) implements AliasEntry {
    }
}
