package org.postern.server;

import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ManageSieveServerModule;
import org.apache.james.modules.protocols.POP3ServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.postern.persistence.JpaDataModule;
import org.postern.persistence.JpaMailboxModule;
import org.postern.persistence.JpaPersistenceModule;
import org.postern.persistence.JpaTableStoreModule;
import org.postern.policy.james.PolicyModule;
import org.postern.queue.PersistentMailQueueModule;
import org.postern.webadmin.WebAdminSecurityModule;
import org.postern.webadmin.policy.PolicyRoutesModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The composition of the embedded-default server: James's published Guice modules for the protocols,
 * the mailet container and webadmin, with our own persistence (JPA) and queue (ActiveMQ) wiring.
 * JMX, JMAP and LMTP are deliberately absent.
 */
final class PosternModules {
    private PosternModules() {
    }

    static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        new SMTPServerModule(),
        new IMAPServerModule(),
        new POP3ServerModule(),
        new ManageSieveServerModule());

    static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new NoJwtModule(),
        new DataRoutesModules(),
        new MailboxRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule(),
        new SieveRoutesModule(),
        new InconsistencyQuotasSolvingRoutesModule(),
        new PolicyRoutesModule(),
        new WebAdminSecurityModule());

    static final Module STORAGE = Modules.combine(
        new JpaPersistenceModule(),
        new JpaDataModule(),
        new JpaMailboxModule(),
        new MailboxModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule(),
        new NaiveDelegationStoreModule(),
        new PersistentMailQueueModule());

    static final Module MAIL_PROCESSING = Modules.combine(
        new MailetProcessingModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new RawPostDequeueDecoratorModule(),
        new TaskManagerModule());

    /** The restriction lists of conf/policy.cf and the store of their db: tables. */
    static final Module POLICY = Modules.combine(
        new PolicyModule(),
        new JpaTableStoreModule());

    static final Module EMBEDDED_SERVER = Modules.combine(PROTOCOLS, WEBADMIN, STORAGE, MAIL_PROCESSING, POLICY);
}
