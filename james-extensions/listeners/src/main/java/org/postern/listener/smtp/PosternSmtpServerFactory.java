package org.postern.listener.smtp;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.restriction.RestrictionsByServer;

/** Builds the SMTP servers of smtpserver.xml as {@link PosternSmtpServer}s. */
public class PosternSmtpServerFactory extends SMTPServerFactory {
    private final RestrictionsByServer restrictionsByServer;
    private final LoginFailures loginFailures;

    @Inject
    public PosternSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem,
                                    MetricFactory metricFactory, RestrictionsByServer restrictionsByServer,
                                    LoginFailures loginFailures) {
        super(dns, loader, fileSystem, metricFactory);
        this.restrictionsByServer = restrictionsByServer;
        this.loginFailures = loginFailures;
    }

    @Override
    protected SMTPServer createServer() {
        return new PosternSmtpServer(smtpMetrics, restrictionsByServer, loginFailures);
    }
}
