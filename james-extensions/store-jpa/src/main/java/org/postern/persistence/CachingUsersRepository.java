package org.postern.persistence;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.reactivestreams.Publisher;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Remembers which users exist. The mail pipeline asks it for every recipient of every delivery, three
 * times (RecipientIsLocal before Sieve, AddDeliveredToHeader and LocalDelivery), a JPA query each: a tenth
 * of the server's CPU under load. Any user added, changed or removed through this server (webadmin, the
 * CLI) forgets everything at once; changes made behind its back count within {@link #EXPIRY}. Passwords
 * are always checked against the database.
 */
public class CachingUsersRepository implements UsersRepository {
    static final String DELEGATE = "uncachedUsersRepository";
    static final Duration EXPIRY = Duration.ofSeconds(30);

    private final UsersRepository delegate;
    private final Cache<Username, Boolean> existing;

    @Inject
    public CachingUsersRepository(@Named(DELEGATE) UsersRepository delegate) {
        this.delegate = delegate;
        this.existing = CacheBuilder.newBuilder().expireAfterWrite(EXPIRY).maximumSize(100_000).build();
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        try {
            return existing.get(name, () -> delegate.contains(name));
        } catch (ExecutionException | UncheckedExecutionException e) {
            if (e.getCause() instanceof UsersRepositoryException cause) {
                throw cause;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new UsersRepositoryException("Cannot tell whether " + name.asString() + " exists", e.getCause());
        }
    }

    @Override
    public Publisher<Boolean> containsReactive(Username name) {
        Boolean known = existing.getIfPresent(name);
        if (known != null) {
            return Mono.just(known);
        }
        // the JPA query blocks: off the caller's thread
        return Mono.fromCallable(() -> contains(name)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        Forgetting.after(() -> delegate.addUser(username, password), this::forgetAll);
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        Forgetting.after(() -> delegate.updateUser(user), this::forgetAll);
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        Forgetting.after(() -> delegate.removeUser(name), this::forgetAll);
    }

    private void forgetAll() {
        existing.invalidateAll();
    }

    @Override
    public User getUserByName(Username name) throws UsersRepositoryException {
        return delegate.getUserByName(name);
    }

    @Override
    public boolean test(Username name, String password) throws UsersRepositoryException {
        return delegate.test(name, password);
    }

    @Override
    public int countUsers() throws UsersRepositoryException {
        return delegate.countUsers();
    }

    @Override
    public Iterator<Username> list() throws UsersRepositoryException {
        return delegate.list();
    }

    @Override
    public Publisher<Username> listReactive() {
        return delegate.listReactive();
    }

    @Override
    public boolean supportVirtualHosting() throws UsersRepositoryException {
        return delegate.supportVirtualHosting();
    }

    @Override
    public Username getUsername(MailAddress mailAddress) throws UsersRepositoryException {
        return delegate.getUsername(mailAddress);
    }

    @Override
    public MailAddress getMailAddressFor(Username username) throws UsersRepositoryException {
        return delegate.getMailAddressFor(username);
    }

    @Override
    public boolean isAdministrator(Username username) throws UsersRepositoryException {
        return delegate.isAdministrator(username);
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public void assertValid(Username username) throws UsersRepositoryException {
        delegate.assertValid(username);
    }
}
