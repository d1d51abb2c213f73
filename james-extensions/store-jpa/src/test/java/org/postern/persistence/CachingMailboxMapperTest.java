package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class CachingMailboxMapperTest {
    private static final MailboxPath INBOX = MailboxPath.inbox(Username.of("alice@example.com"));
    private static final MailboxPath ARCHIVE = MailboxPath.forUser(Username.of("alice@example.com"), "Archive");

    private final AtomicInteger reads = new AtomicInteger();
    private final Map<MailboxPath, Mailbox> rows = new ConcurrentHashMap<>();
    /** Runs inside the database's lookup, between its read and its answer. */
    private volatile Runnable duringLookup = () -> { };

    /** The database's mailbox table: lookups by path (counted), creation, deletion. */
    private final MailboxMapper database = (MailboxMapper) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MailboxMapper.class}, (proxy, method, args) -> switch (method.getName()) {
            case "findMailboxByPath" -> Mono.fromCallable(() -> {
                reads.incrementAndGet();
                Mailbox row = rows.get((MailboxPath) args[0]);
                duringLookup.run();
                return row == null ? null : new Mailbox(row);
            });
            case "create" -> Mono.fromCallable(() -> {
                MailboxPath path = (MailboxPath) args[0];
                Mailbox created = new Mailbox(path, (UidValidity) args[1], JPAId.of(rows.size() + 1));
                rows.put(path, created);
                return created;
            });
            case "delete" -> Mono.fromRunnable(() -> rows.remove(((Mailbox) args[0]).generateAssociatedPath()));
            default -> throw new UnsupportedOperationException(method.getName());
        });
    private final CachingMailboxMapper.Remembered remembered = new CachingMailboxMapper.Remembered();

    private CachingMailboxMapper mapper() {
        return new CachingMailboxMapper(database, remembered);
    }

    @Test
    void deliveriesToOneMailboxLookItUpInTheDatabaseOnce() {
        rows.put(INBOX, new Mailbox(INBOX, UidValidity.of(7), JPAId.of(1)));

        for (int i = 0; i < 10; i++) {
            assertThat(mapper().findMailboxByPath(INBOX).block().getMailboxId()).isEqualTo(JPAId.of(1));
        }

        assertThat(reads).hasValue(1);
    }

    @Test
    void aDeletedAndRecreatedMailboxIsFoundAnew() {
        Mailbox first = mapper().create(INBOX, UidValidity.of(7)).block();
        mapper().findMailboxByPath(INBOX).block();

        mapper().delete(first).block();
        assertThat(mapper().findMailboxByPath(INBOX).blockOptional()).isEmpty();
        Mailbox second = mapper().create(INBOX, UidValidity.of(8)).block();

        assertThat(mapper().findMailboxByPath(INBOX).block().getMailboxId()).isEqualTo(second.getMailboxId());
    }

    @Test
    void aMissingMailboxIsNotRememberedAsMissing() {
        assertThat(mapper().findMailboxByPath(ARCHIVE).blockOptional()).isEmpty();

        mapper().create(ARCHIVE, UidValidity.of(3)).block();

        assertThat(mapper().findMailboxByPath(ARCHIVE).blockOptional()).isPresent();
    }

    @Test
    void aLookupThatRacedAChangeDoesNotRememberTheOldAnswer() {
        Mailbox old = mapper().create(INBOX, UidValidity.of(7)).block();
        remembered.forgetAll();
        duringLookup = () -> {
            duringLookup = () -> { };
            mapper().delete(old).block();
        };

        assertThat(mapper().findMailboxByPath(INBOX).blockOptional()).isPresent();

        assertThat(mapper().findMailboxByPath(INBOX).blockOptional()).isEmpty();
    }

    @Test
    void whatACallerChangesInItsMailboxIsNotWhatTheNextOneGets() {
        rows.put(INBOX, new Mailbox(INBOX, UidValidity.of(7), JPAId.of(1)));
        mapper().findMailboxByPath(INBOX).block().setName("Renamed");

        assertThat(mapper().findMailboxByPath(INBOX).block().getName()).isEqualTo("INBOX");
    }
}
