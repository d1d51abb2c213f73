package org.postern.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Username;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.ScriptSummary;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.sieverepository.api.exception.DuplicateException;
import org.apache.james.sieverepository.api.exception.IsActiveException;
import org.apache.james.sieverepository.api.exception.QuotaExceededException;
import org.apache.james.sieverepository.api.exception.QuotaNotFoundException;
import org.apache.james.sieverepository.api.exception.ScriptNotFoundException;
import org.apache.james.sieverepository.api.exception.StorageException;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;

/**
 * Remembers each user's active sieve script, or that there is none (most users). Every local delivery
 * asks twice (its activation date, then its content), a JPA query each. Any script change made through
 * this server (ManageSieve, webadmin) forgets everything at once; changes made behind its back count within
 * {@link #EXPIRY}.
 */
public class CachingSieveRepository implements SieveRepository {
    static final String DELEGATE = "uncachedSieveRepository";
    static final Duration EXPIRY = Duration.ofSeconds(30);

    /** The active script's activation date and content; both empty when the user has none. */
    private record Active(Optional<ZonedDateTime> activation, Optional<byte[]> content) {
        static final Active NONE = new Active(Optional.empty(), Optional.empty());
    }

    private final SieveRepository delegate;
    private final Cache<Username, Active> active;

    @Inject
    public CachingSieveRepository(@Named(DELEGATE) SieveRepository delegate) {
        this.delegate = delegate;
        this.active = CacheBuilder.newBuilder().expireAfterWrite(EXPIRY).maximumSize(100_000).build();
    }

    @Override
    public ZonedDateTime getActivationDateForActiveScript(Username username) throws StorageException, ScriptNotFoundException {
        return active(username).activation().orElseThrow(ScriptNotFoundException::new);
    }

    @Override
    public InputStream getActive(Username username) throws ScriptNotFoundException, StorageException {
        return new ByteArrayInputStream(active(username).content().orElseThrow(ScriptNotFoundException::new));
    }

    private Active active(Username username) throws StorageException {
        try {
            return active.get(username, () -> load(username));
        } catch (ExecutionException | UncheckedExecutionException e) {
            if (e.getCause() instanceof StorageException cause) {
                throw cause;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StorageException("Cannot read the active sieve script of " + username.asString(), e.getCause());
        }
    }

    private Active load(Username username) throws StorageException, IOException {
        try {
            ZonedDateTime activation = delegate.getActivationDateForActiveScript(username);
            try (InputStream content = delegate.getActive(username)) {
                return new Active(Optional.of(activation), Optional.of(content.readAllBytes()));
            }
        } catch (ScriptNotFoundException e) {
            return Active.NONE;
        }
    }

    // --- changes: forget what was remembered ----------------------------------------------------------

    @Override
    public void putScript(Username username, ScriptName name, ScriptContent content) throws StorageException, QuotaExceededException {
        try {
            delegate.putScript(username, name, content);
        } finally {
            active.invalidateAll();
        }
    }

    @Override
    public void setActive(Username username, ScriptName name) throws ScriptNotFoundException, StorageException {
        try {
            delegate.setActive(username, name);
        } finally {
            active.invalidateAll();
        }
    }

    @Override
    public void deleteScript(Username username, ScriptName name) throws ScriptNotFoundException, IsActiveException, StorageException {
        try {
            delegate.deleteScript(username, name);
        } finally {
            active.invalidateAll();
        }
    }

    @Override
    public void renameScript(Username username, ScriptName oldName, ScriptName newName)
        throws ScriptNotFoundException, DuplicateException, StorageException {
        try {
            delegate.renameScript(username, oldName, newName);
        } finally {
            active.invalidateAll();
        }
    }

    // --- the rest, as the database answers ------------------------------------------------------------

    @Override
    public void haveSpace(Username username, ScriptName name, long size) throws QuotaExceededException, StorageException {
        delegate.haveSpace(username, name, size);
    }

    @Override
    public List<ScriptSummary> listScripts(Username username) throws StorageException {
        return delegate.listScripts(username);
    }

    @Override
    public InputStream getScript(Username username, ScriptName name) throws ScriptNotFoundException, StorageException {
        return delegate.getScript(username, name);
    }

    @Override
    public boolean hasDefaultQuota() throws StorageException {
        return delegate.hasDefaultQuota();
    }

    @Override
    public QuotaSizeLimit getDefaultQuota() throws QuotaNotFoundException, StorageException {
        return delegate.getDefaultQuota();
    }

    @Override
    public void setDefaultQuota(QuotaSizeLimit quota) throws StorageException {
        delegate.setDefaultQuota(quota);
    }

    @Override
    public void removeQuota() throws QuotaNotFoundException, StorageException {
        delegate.removeQuota();
    }

    @Override
    public boolean hasQuota(Username username) throws StorageException {
        return delegate.hasQuota(username);
    }

    @Override
    public QuotaSizeLimit getQuota(Username username) throws QuotaNotFoundException, StorageException {
        return delegate.getQuota(username);
    }

    @Override
    public void setQuota(Username username, QuotaSizeLimit quota) throws StorageException {
        delegate.setQuota(username, quota);
    }

    @Override
    public void removeQuota(Username username) throws QuotaNotFoundException, StorageException {
        delegate.removeQuota(username);
    }
}
