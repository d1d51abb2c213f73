package org.postern.persistence;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.core.Username;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.mail.MailboxMapper;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A mailbox mapper that remembers which mailbox a path names. Every local delivery looks its target folder up
 * by path (a database query for the INBOX of the recipient, each time); the answer changes only when a mailbox
 * is created, renamed or deleted, or its rights change, which all go through this mapper and make every
 * mapper forget at once. A change made by another server sharing the database counts here within
 * {@link Remembered#EXPIRY}. Absent mailboxes are not remembered, and callers get copies: {@link Mailbox} is
 * mutable.
 */
final class CachingMailboxMapper implements MailboxMapper {
    private final MailboxMapper database;
    private final Remembered remembered;

    CachingMailboxMapper(MailboxMapper database, Remembered remembered) {
        this.database = database;
        this.remembered = remembered;
    }

    /** The mailboxes remembered by path, shared by all the mappers of one server. */
    static final class Remembered {
        static final Duration EXPIRY = Duration.ofSeconds(10);

        private final Cache<MailboxPath, Mailbox> byPath = CacheBuilder.newBuilder()
            .expireAfterWrite(EXPIRY).maximumSize(10_000).build();
        /** Moves on at every change, so that a lookup that started before a change does not remember its answer. */
        private final AtomicLong generation = new AtomicLong();

        void forgetAll() {
            generation.incrementAndGet();
            byPath.invalidateAll();
        }
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        Mailbox known = remembered.byPath.getIfPresent(path);
        if (known != null) {
            return Mono.just(new Mailbox(known));
        }
        long generation = remembered.generation.get();
        return database.findMailboxByPath(path)
            .doOnNext(found -> {
                if (remembered.generation.get() == generation) {
                    remembered.byPath.put(path, new Mailbox(found));
                }
            });
    }

    @Override
    public Mono<Mailbox> create(MailboxPath mailboxPath, UidValidity uidValidity) {
        return forgettingAfter(database.create(mailboxPath, uidValidity));
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return forgettingAfter(database.rename(mailbox));
    }

    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return forgettingAfter(database.delete(mailbox));
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand mailboxACLCommand) {
        return forgettingAfter(database.updateACL(mailbox, mailboxACLCommand));
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL mailboxACL) {
        return forgettingAfter(database.setACL(mailbox, mailboxACL));
    }

    /** Forgets before the change (a lookup racing it must not remember the old answer) and once it is over. */
    private <T> Mono<T> forgettingAfter(Mono<T> change) {
        return Mono.defer(() -> {
            remembered.forgetAll();
            return change;
        }).doFinally(signal -> remembered.forgetAll());
    }

    @Override
    public Mono<Boolean> pathExists(MailboxPath mailboxName) {
        return database.pathExists(mailboxName);
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId mailboxId) {
        return database.findMailboxById(mailboxId);
    }

    @Override
    public Flux<Mailbox> findNonPersonalMailboxes(Username userName, MailboxACL.Right right) {
        return database.findNonPersonalMailboxes(userName, right);
    }

    @Override
    public Flux<Mailbox> findMailboxWithPathLike(MailboxQuery.UserBound query) {
        return database.findMailboxWithPathLike(query);
    }

    @Override
    public Flux<MailboxId> userMailboxes(Username username) {
        return database.userMailboxes(username);
    }

    @Override
    public Mono<Boolean> hasChildren(Mailbox mailbox, char delimiter) {
        return database.hasChildren(mailbox, delimiter);
    }

    @Override
    public Flux<Mailbox> list() {
        return database.list();
    }

    @Override
    public void endRequest() {
        database.endRequest();
    }

    @Override
    public <T> T execute(Transaction<T> transaction) throws MailboxException {
        return database.execute(transaction);
    }

    @Override
    public <T> Mono<T> executeReactive(Mono<T> transaction) {
        return database.executeReactive(transaction);
    }
}
