package org.postern.persistence;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Domain;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;

/**
 * Remembers alias resolutions. Each delivery resolves every recipient through the recipient rewrite table
 * (the RecipientRewriteTable mailet), and each RCPT does too (unknown users, alias errors): on JPA that is
 * several queries per address, a quarter of the spool's CPU under load. Any change made through this server
 * (webadmin, the CLI) forgets everything at once, so it counts for the next message; changes made behind
 * its back (another node, the database directly) count within {@link #EXPIRY}. An error mapping is
 * remembered as the error it raises.
 */
public class CachingRecipientRewriteTable implements RecipientRewriteTable {
    static final String DELEGATE = "uncachedRecipientRewriteTable";
    static final Duration EXPIRY = Duration.ofSeconds(30);

    private record Question(String user, Domain domain, EnumSet<Mapping.Type> types) {
    }

    /** A resolution: its mappings, or the error mapping's exception. */
    private record Answer(Mappings mappings, ErrorMappingException error) {
    }

    private final RecipientRewriteTable delegate;
    private final Cache<Question, Answer> resolved;
    private final Cache<MappingSource, Mappings> stored;

    @Inject
    public CachingRecipientRewriteTable(@Named(DELEGATE) RecipientRewriteTable delegate) {
        this.delegate = delegate;
        this.resolved = CacheBuilder.newBuilder().expireAfterWrite(EXPIRY).maximumSize(100_000).build();
        this.stored = CacheBuilder.newBuilder().expireAfterWrite(EXPIRY).maximumSize(100_000).build();
    }

    @Override
    public Mappings getResolvedMappings(String user, Domain domain, EnumSet<Mapping.Type> mappingTypes)
        throws ErrorMappingException, RecipientRewriteTableException {
        Answer answer;
        try {
            answer = resolved.get(new Question(user, domain, EnumSet.copyOf(mappingTypes)), () -> {
                try {
                    return new Answer(delegate.getResolvedMappings(user, domain, mappingTypes), null);
                } catch (ErrorMappingException e) {
                    return new Answer(null, e);
                }
            });
        } catch (ExecutionException | UncheckedExecutionException e) {
            throw unwrap(e);
        }
        if (answer.error() != null) {
            throw answer.error();
        }
        return answer.mappings();
    }

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        try {
            return stored.get(source, () -> delegate.getStoredMappings(source));
        } catch (ExecutionException | UncheckedExecutionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public Map<MappingSource, Mappings> getAllMappings() throws RecipientRewriteTableException {
        return delegate.getAllMappings();
    }

    @Override
    public RecipientRewriteTableConfiguration getConfiguration() {
        return delegate.getConfiguration();
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addMapping(source, mapping), this::forgetAll);
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeMapping(source, mapping), this::forgetAll);
    }

    @Override
    public void addRegexMapping(MappingSource source, String regex) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addRegexMapping(source, regex), this::forgetAll);
    }

    @Override
    public void removeRegexMapping(MappingSource source, String regex) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeRegexMapping(source, regex), this::forgetAll);
    }

    @Override
    public void addAddressMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addAddressMapping(source, address), this::forgetAll);
    }

    @Override
    public void removeAddressMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeAddressMapping(source, address), this::forgetAll);
    }

    @Override
    public void addErrorMapping(MappingSource source, String error) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addErrorMapping(source, error), this::forgetAll);
    }

    @Override
    public void removeErrorMapping(MappingSource source, String error) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeErrorMapping(source, error), this::forgetAll);
    }

    @Override
    public void addDomainMapping(MappingSource source, Domain realDomain) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addDomainMapping(source, realDomain), this::forgetAll);
    }

    @Override
    public void removeDomainMapping(MappingSource source, Domain realDomain) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeDomainMapping(source, realDomain), this::forgetAll);
    }

    @Override
    public void addDomainAliasMapping(MappingSource source, Domain realDomain) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addDomainAliasMapping(source, realDomain), this::forgetAll);
    }

    @Override
    public void removeDomainAliasMapping(MappingSource source, Domain realDomain) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeDomainAliasMapping(source, realDomain), this::forgetAll);
    }

    @Override
    public void addForwardMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addForwardMapping(source, address), this::forgetAll);
    }

    @Override
    public void removeForwardMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeForwardMapping(source, address), this::forgetAll);
    }

    @Override
    public void addGroupMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addGroupMapping(source, address), this::forgetAll);
    }

    @Override
    public void removeGroupMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeGroupMapping(source, address), this::forgetAll);
    }

    @Override
    public void addAliasMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.addAliasMapping(source, address), this::forgetAll);
    }

    @Override
    public void removeAliasMapping(MappingSource source, String address) throws RecipientRewriteTableException {
        Forgetting.after(() -> delegate.removeAliasMapping(source, address), this::forgetAll);
    }

    private void forgetAll() {
        resolved.invalidateAll();
        stored.invalidateAll();
    }

    private static RecipientRewriteTableException unwrap(Exception e) {
        if (e.getCause() instanceof RecipientRewriteTableException cause) {
            return cause;
        }
        if (e.getCause() instanceof RuntimeException cause) {
            throw cause;
        }
        return new RecipientRewriteTableException("Cannot read the recipient rewrite table", e.getCause());
    }
}
