package org.postern.policy.james;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.core.Domain;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.postern.policy.table.TableLookupException;
import org.postern.policy.virtual.AliasEntry;
import org.postern.policy.virtual.VirtualAliasTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's recipient rewrite table read as Postfix's virtual alias table, one exact key at a time: the mappings
 * stored for {@code user@domain} (aliases, groups, forwards, addresses) or {@code @domain} (a catch-all, James's
 * {@code *@domain} source, or a domain alias). An error mapping refuses the address with its text. Regex
 * mappings have no Postfix equivalent here and are ignored (logged once).
 */
final class RewriteTableAliases implements VirtualAliasTable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RewriteTableAliases.class);
    private static final AtomicBoolean REGEX_REPORTED = new AtomicBoolean();

    private final RecipientRewriteTable table;

    RewriteTableAliases(RecipientRewriteTable table) {
        this.table = table;
    }

    @Override
    public Optional<AliasEntry> lookup(String key) {
        int at = key.lastIndexOf('@');
        MappingSource source;
        try {
            source = at == 0 ? MappingSource.fromDomain(Domain.of(key.substring(1)))
                : MappingSource.fromUser(key.substring(0, at), key.substring(at + 1));
        } catch (IllegalArgumentException e) {
            // not a domain or user James can store: nothing maps it
            return Optional.empty();
        }
        Mappings mappings;
        try {
            mappings = table.getStoredMappings(source);
        } catch (RecipientRewriteTableException e) {
            throw new TableLookupException("aliases: " + e.getMessage(), e);
        }
        return entry(mappings);
    }

    private static Optional<AliasEntry> entry(Mappings mappings) {
        if (mappings == null || mappings.isEmpty()) {
            return Optional.empty();
        }
        List<Mapping> all = mappings.asStream().toList();
        for (Mapping mapping : all) {
            if (mapping.getType() == Mapping.Type.Error) {
                return Optional.of(new AliasEntry.Refused(mapping.getErrorMessage()));
            }
        }
        for (Mapping mapping : all) {
            if (mapping.getType() == Mapping.Type.Domain || mapping.getType() == Mapping.Type.DomainAlias) {
                return Optional.of(new AliasEntry.DomainAlias(mapping.getMappingValue().toLowerCase(Locale.ROOT)));
            }
        }
        List<String> targets = all.stream()
            .filter(mapping -> mapping.getType() != Mapping.Type.Regex || reportRegex(mapping))
            .map(Mapping::getMappingValue)
            .filter(value -> value.indexOf('@') > 0)
            .toList();
        return targets.isEmpty() ? Optional.empty() : Optional.of(new AliasEntry.Addresses(targets));
    }

    private static boolean reportRegex(Mapping mapping) {
        if (REGEX_REPORTED.compareAndSet(false, true)) {
            LOGGER.warn("regex mappings of the recipient rewrite table ({}) are ignored: use aliases, groups, forwards or "
                + "a catch-all", mapping.asString());
        }
        return false;
    }
}
