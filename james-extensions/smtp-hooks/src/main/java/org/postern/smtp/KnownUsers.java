package org.postern.smtp;

import java.time.Duration;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * "Is this address a user?" asked at every RCPT by the restriction lists and the alias-error hook: a database
 * query each time, a fifth of the CPU under load. Only positive answers are remembered, for
 * {@link #REMEMBERED}: a user created over webadmin is known at once; a deleted user's address may still be
 * accepted for that long (its mail is then bounced by delivery, not lost).
 */
@Singleton
public class KnownUsers {
    static final Duration REMEMBERED = Duration.ofSeconds(10);

    private final UsersRepository users;
    private final Cache<Username, Boolean> existing = CacheBuilder.newBuilder()
        .expireAfterWrite(REMEMBERED)
        .maximumSize(100_000)
        .build();

    @Inject
    public KnownUsers(UsersRepository users) {
        this.users = users;
    }

    public boolean contains(MailAddress address) throws UsersRepositoryException {
        Username username = users.getUsername(address);
        if (existing.getIfPresent(username) != null) {
            return true;
        }
        boolean exists = users.contains(username);
        if (exists) {
            existing.put(username, Boolean.TRUE);
        }
        return exists;
    }
}
