package org.postern.server;

import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.managesieveserver.netty.ManageSieveServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.pop3server.netty.POP3ServerFactory;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.postern.listener.imap.PosternImapServerFactory;
import org.postern.listener.managesieve.PosternManageSieveServerFactory;
import org.postern.listener.pop3.PosternPop3ServerFactory;
import org.postern.listener.smtp.PosternSmtpServerFactory;
import org.postern.policy.login.LoginFailures;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * Our SMTP, IMAP, POP3 and ManageSieve servers in place of James's (org.postern.listener): James's protocols
 * behind per-client limits, refusal after failed logins and time limits. Must override James's protocol
 * modules, which bind the same factories.
 */
class ListenersModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PosternSmtpServerFactory.class).in(Scopes.SINGLETON);
        bind(SMTPServerFactory.class).to(PosternSmtpServerFactory.class);
        bind(PosternPop3ServerFactory.class).in(Scopes.SINGLETON);
        bind(POP3ServerFactory.class).to(PosternPop3ServerFactory.class);
        bind(PosternManageSieveServerFactory.class).in(Scopes.SINGLETON);
        bind(ManageSieveServerFactory.class).to(PosternManageSieveServerFactory.class);
    }

    @Provides
    @Singleton
    IMAPServerFactory imapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                        Provider<ImapProcessor> processor, MetricFactory metricFactory,
                                        GaugeRegistry gaugeRegistry, LoginFailures loginFailures) {
        return new PosternImapServerFactory(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry, loginFailures);
    }
}
