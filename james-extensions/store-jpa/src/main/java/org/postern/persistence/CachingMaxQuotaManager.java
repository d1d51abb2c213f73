package org.postern.persistence;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.reactivestreams.Publisher;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Remembers the quota limits of each quota root (user, its domain, global). Every delivery checks them
 * before appending, three JPA queries for messages and three for storage each time, for limits that
 * hardly ever change. Any change made through this server (webadmin's quota routes) forgets everything at
 * once; changes made behind its back count within {@link #EXPIRY}. Current usage is not cached.
 */
public class CachingMaxQuotaManager implements MaxQuotaManager {
    static final String DELEGATE = "uncachedMaxQuotaManager";
    static final Duration EXPIRY = Duration.ofSeconds(30);

    private final MaxQuotaManager delegate;
    private final Cache<QuotaRoot, QuotaDetails> details;

    @Inject
    public CachingMaxQuotaManager(@Named(DELEGATE) MaxQuotaManager delegate) {
        this.delegate = delegate;
        this.details = CacheBuilder.newBuilder().expireAfterWrite(EXPIRY).maximumSize(100_000).build();
    }

    private void forgetAll() {
        details.invalidateAll();
    }

    @Override
    public QuotaDetails quotaDetails(QuotaRoot quotaRoot) {
        try {
            return details.get(quotaRoot, () -> new QuotaDetails(delegate.listMaxMessagesDetails(quotaRoot),
                delegate.listMaxStorageDetails(quotaRoot)));
        } catch (ExecutionException | UncheckedExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("Cannot read the quota limits of " + quotaRoot.getValue(), e.getCause());
        }
    }

    @Override
    public Publisher<QuotaDetails> quotaDetailsReactive(QuotaRoot quotaRoot) {
        QuotaDetails known = details.getIfPresent(quotaRoot);
        if (known != null) {
            return Mono.just(known);
        }
        // the JPA queries block: off the caller's thread, as the JPA implementation does
        return Mono.fromCallable(() -> quotaDetails(quotaRoot)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Map<Quota.Scope, QuotaCountLimit> listMaxMessagesDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxMessageDetails();
    }

    @Override
    public Publisher<Map<Quota.Scope, QuotaCountLimit>> listMaxMessagesDetailsReactive(QuotaRoot quotaRoot) {
        return Mono.from(quotaDetailsReactive(quotaRoot)).map(QuotaDetails::getMaxMessageDetails);
    }

    @Override
    public Map<Quota.Scope, QuotaSizeLimit> listMaxStorageDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxStorageDetails();
    }

    @Override
    public Publisher<Map<Quota.Scope, QuotaSizeLimit>> listMaxStorageDetailsReactive(QuotaRoot quotaRoot) {
        return Mono.from(quotaDetailsReactive(quotaRoot)).map(QuotaDetails::getMaxStorageDetails);
    }

    @Override
    public void setMaxStorage(QuotaRoot quotaRoot, QuotaSizeLimit maxStorageQuota) throws MailboxException {
        Forgetting.after(() -> delegate.setMaxStorage(quotaRoot, maxStorageQuota), this::forgetAll);
    }

    @Override
    public Publisher<Void> setMaxStorageReactive(QuotaRoot quotaRoot, QuotaSizeLimit maxStorageQuota) {
        return Forgetting.afterReactive(delegate.setMaxStorageReactive(quotaRoot, maxStorageQuota), this::forgetAll);
    }

    @Override
    public void setMaxMessage(QuotaRoot quotaRoot, QuotaCountLimit maxMessageCount) throws MailboxException {
        Forgetting.after(() -> delegate.setMaxMessage(quotaRoot, maxMessageCount), this::forgetAll);
    }

    @Override
    public Publisher<Void> setMaxMessageReactive(QuotaRoot quotaRoot, QuotaCountLimit maxMessageCount) {
        return Forgetting.afterReactive(delegate.setMaxMessageReactive(quotaRoot, maxMessageCount), this::forgetAll);
    }

    @Override
    public void removeMaxMessage(QuotaRoot quotaRoot) throws MailboxException {
        Forgetting.after(() -> delegate.removeMaxMessage(quotaRoot), this::forgetAll);
    }

    @Override
    public Publisher<Void> removeMaxMessageReactive(QuotaRoot quotaRoot) {
        return Forgetting.afterReactive(delegate.removeMaxMessageReactive(quotaRoot), this::forgetAll);
    }

    @Override
    public void removeMaxStorage(QuotaRoot quotaRoot) throws MailboxException {
        Forgetting.after(() -> delegate.removeMaxStorage(quotaRoot), this::forgetAll);
    }

    @Override
    public Publisher<Void> removeMaxStorageReactive(QuotaRoot quotaRoot) {
        return Forgetting.afterReactive(delegate.removeMaxStorageReactive(quotaRoot), this::forgetAll);
    }

    @Override
    public void setGlobalMaxStorage(QuotaSizeLimit globalMaxStorage) throws MailboxException {
        Forgetting.after(() -> delegate.setGlobalMaxStorage(globalMaxStorage), this::forgetAll);
    }

    @Override
    public Publisher<Void> setGlobalMaxStorageReactive(QuotaSizeLimit globalMaxStorage) {
        return Forgetting.afterReactive(delegate.setGlobalMaxStorageReactive(globalMaxStorage), this::forgetAll);
    }

    @Override
    public void removeGlobalMaxStorage() throws MailboxException {
        Forgetting.after(() -> delegate.removeGlobalMaxStorage(), this::forgetAll);
    }

    @Override
    public Publisher<Void> removeGlobalMaxStorageReactive() {
        return Forgetting.afterReactive(delegate.removeGlobalMaxStorageReactive(), this::forgetAll);
    }

    @Override
    public void setGlobalMaxMessage(QuotaCountLimit globalMaxMessageCount) throws MailboxException {
        Forgetting.after(() -> delegate.setGlobalMaxMessage(globalMaxMessageCount), this::forgetAll);
    }

    @Override
    public Publisher<Void> setGlobalMaxMessageReactive(QuotaCountLimit globalMaxMessageCount) {
        return Forgetting.afterReactive(delegate.setGlobalMaxMessageReactive(globalMaxMessageCount), this::forgetAll);
    }

    @Override
    public void removeGlobalMaxMessage() throws MailboxException {
        Forgetting.after(() -> delegate.removeGlobalMaxMessage(), this::forgetAll);
    }

    @Override
    public Publisher<Void> removeGlobalMaxMessageReactive() {
        return Forgetting.afterReactive(delegate.removeGlobalMaxMessageReactive(), this::forgetAll);
    }

    @Override
    public void setDomainMaxMessage(Domain domain, QuotaCountLimit count) throws MailboxException {
        Forgetting.after(() -> delegate.setDomainMaxMessage(domain, count), this::forgetAll);
    }

    @Override
    public Publisher<Void> setDomainMaxMessageReactive(Domain domain, QuotaCountLimit count) {
        return Forgetting.afterReactive(delegate.setDomainMaxMessageReactive(domain, count), this::forgetAll);
    }

    @Override
    public void removeDomainMaxMessage(Domain domain) throws MailboxException {
        Forgetting.after(() -> delegate.removeDomainMaxMessage(domain), this::forgetAll);
    }

    @Override
    public Publisher<Void> removeDomainMaxMessageReactive(Domain domain) {
        return Forgetting.afterReactive(delegate.removeDomainMaxMessageReactive(domain), this::forgetAll);
    }

    @Override
    public void setDomainMaxStorage(Domain domain, QuotaSizeLimit size) throws MailboxException {
        Forgetting.after(() -> delegate.setDomainMaxStorage(domain, size), this::forgetAll);
    }

    @Override
    public Publisher<Void> setDomainMaxStorageReactive(Domain domain, QuotaSizeLimit size) {
        return Forgetting.afterReactive(delegate.setDomainMaxStorageReactive(domain, size), this::forgetAll);
    }

    @Override
    public void removeDomainMaxStorage(Domain domain) throws MailboxException {
        Forgetting.after(() -> delegate.removeDomainMaxStorage(domain), this::forgetAll);
    }

    @Override
    public Publisher<Void> removeDomainMaxStorageReactive(Domain domain) {
        return Forgetting.afterReactive(delegate.removeDomainMaxStorageReactive(domain), this::forgetAll);
    }

    @Override
    public Optional<QuotaSizeLimit> getGlobalMaxStorage() throws MailboxException {
        return delegate.getGlobalMaxStorage();
    }

    @Override
    public Publisher<QuotaSizeLimit> getGlobalMaxStorageReactive() {
        return delegate.getGlobalMaxStorageReactive();
    }

    @Override
    public Optional<QuotaCountLimit> getGlobalMaxMessage() throws MailboxException {
        return delegate.getGlobalMaxMessage();
    }

    @Override
    public Publisher<QuotaCountLimit> getGlobalMaxMessageReactive() {
        return delegate.getGlobalMaxMessageReactive();
    }

    @Override
    public Optional<QuotaCountLimit> getDomainMaxMessage(Domain domain) {
        return delegate.getDomainMaxMessage(domain);
    }

    @Override
    public Publisher<QuotaCountLimit> getDomainMaxMessageReactive(Domain domain) {
        return delegate.getDomainMaxMessageReactive(domain);
    }

    @Override
    public Optional<QuotaSizeLimit> getDomainMaxStorage(Domain domain) {
        return delegate.getDomainMaxStorage(domain);
    }

    @Override
    public Publisher<QuotaSizeLimit> getDomainMaxStorageReactive(Domain domain) {
        return delegate.getDomainMaxStorageReactive(domain);
    }
}
