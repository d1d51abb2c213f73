package org.postern.listener.imap;

import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.postern.policy.login.LoginFailures;

/** Builds the IMAP servers of imapserver.xml as {@link PosternImapServer}s. */
public class PosternImapServerFactory extends IMAPServerFactory {
    private final LoginFailures loginFailures;

    public PosternImapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                    Provider<ImapProcessor> processor, MetricFactory metricFactory, GaugeRegistry gaugeRegistry,
                                    LoginFailures loginFailures) {
        super(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry);
        this.loginFailures = loginFailures;
    }

    @Override
    protected IMAPServer createServer() {
        return new PosternImapServer(decoder.get(), encoder.get(), processor.get(), imapMetrics, gaugeRegistry, loginFailures);
    }
}
