package org.postern.persistence;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.store.mail.MailboxMapper;

/** James's JPA mappers, with mailbox lookups by path remembered ({@link CachingMailboxMapper}). */
public class CachingJpaMailboxSessionMapperFactory extends JPAMailboxSessionMapperFactory {
    private final CachingMailboxMapper.Remembered remembered = new CachingMailboxMapper.Remembered();

    @Inject
    public CachingJpaMailboxSessionMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                                 JPAModSeqProvider modSeqProvider) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new CachingMailboxMapper(super.createMailboxMapper(session), remembered);
    }
}
