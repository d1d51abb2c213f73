package org.postern.listener.smtp;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.postern.listener.ClientTimeouts;
import org.postern.listener.ConnectionGate;
import org.postern.listener.ListenerGuard;
import org.postern.listener.ListenerProtocol;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;

import io.netty.bootstrap.ServerBootstrap;

/**
 * James's SMTP server behind Postern's {@link ConnectionGate}: Postfix's per-client connection count and
 * rate limits of this server's section of conf/policy.cf, refusal of addresses banned for failed logins where
 * AUTH is offered, the client's hostname looked up before the greeting, early talkers noticed; and
 * {@code connectiontimeout} enforced as written (Postfix's smtpd_timeout).
 */
public class PosternSmtpServer extends SMTPServer {
    /** The longest a client waits for its greeting while its hostname is looked up. */
    static final Duration HOSTNAME_LOOKUP_LIMIT = Duration.ofSeconds(10);

    private final RestrictionsByServer restrictionsByServer;
    private final LoginFailures loginFailures;
    private ConnectionGate gate;

    public PosternSmtpServer(SmtpMetrics metrics, RestrictionsByServer restrictionsByServer, LoginFailures loginFailures) {
        super(metrics);
        this.restrictionsByServer = restrictionsByServer;
        this.loginFailures = loginFailures;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        ServerRestrictions restrictions = restrictionsByServer.forServer(jmxName).orElseThrow(() -> new ConfigurationException(
            "smtpserver.xml: the SMTP server " + jmxName + " has no restriction lists (conf/policy.cf)"));
        boolean authOffered = !"never".equalsIgnoreCase(configuration.getString("auth.announce", "never").strip());
        boolean implicitTls = getEncryption() != null && !getEncryption().isStartTLS();
        gate = new ConnectionGate(new ConnectionGate.Settings(ListenerProtocol.SMTP, jmxName, getHelloName(), implicitTls,
            restrictions.anvil(), authOffered ? Optional.of(loginFailures) : Optional.empty(),
            new ClientHostnamePrelude(restrictions, HOSTNAME_LOOKUP_LIMIT), HOSTNAME_LOOKUP_LIMIT.plusSeconds(1), !implicitTls));
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        Duration idle = Duration.ofSeconds(getTimeout());
        ListenerGuard.install(bootstrap, gate, () -> new ClientTimeouts(ListenerProtocol.SMTP, getHelloName(),
            new ClientTimeouts.Limits(Optional.of(idle), Optional.empty(), Optional.empty(), channel -> true)), pipeline -> {
            });
    }
}
