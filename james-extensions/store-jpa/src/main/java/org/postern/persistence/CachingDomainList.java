package org.postern.persistence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.util.concurrent.UncheckedExecutionException;

/**
 * Remembers which domains are hosted. Every RCPT asks it several times (relay control, unknown users,
 * James's own handlers) and so does every delivery; without it each question was a database query, about a
 * quarter of the server's CPU under load. Changes made through this server (webadmin) take effect at once;
 * changes made behind its back (another node, the database directly) within {@link #EXPIRY}.
 */
public class CachingDomainList implements DomainList {
    static final String DELEGATE = "uncachedDomainList";
    static final Duration EXPIRY = Duration.ofSeconds(30);

    private final DomainList delegate;
    private final LoadingCache<Domain, Boolean> hosted;

    @Inject
    CachingDomainList(@Named(DELEGATE) DomainList delegate) {
        this.delegate = delegate;
        this.hosted = CacheBuilder.newBuilder()
            .expireAfterWrite(EXPIRY)
            .maximumSize(100_000)
            .build(new CacheLoader<>() {
                @Override
                public Boolean load(Domain domain) throws DomainListException {
                    return delegate.containsDomain(domain);
                }
            });
    }

    @Override
    public boolean containsDomain(Domain domain) throws DomainListException {
        try {
            return hosted.get(domain);
        } catch (ExecutionException | UncheckedExecutionException e) {
            if (e.getCause() instanceof DomainListException) {
                throw (DomainListException) e.getCause();
            }
            throw new DomainListException("Cannot tell whether " + domain.asString() + " is hosted", e.getCause());
        }
    }

    @Override
    public List<Domain> getDomains() throws DomainListException {
        return delegate.getDomains();
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        try {
            delegate.addDomain(domain);
        } finally {
            hosted.invalidate(domain);
        }
    }

    @Override
    public void removeDomain(Domain domain) throws DomainListException {
        try {
            delegate.removeDomain(domain);
        } finally {
            hosted.invalidate(domain);
        }
    }

    @Override
    public Domain getDefaultDomain() throws DomainListException {
        return delegate.getDefaultDomain();
    }
}
