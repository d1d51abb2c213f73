package org.postern.listener.smtp;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.netty.HandlerConstants;
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
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * James's SMTP server behind Postern's {@link ConnectionGate}: Postfix's per-client connection count and
 * rate limits of this server's section of conf/policy.cf, refusal of addresses banned for failed logins where
 * AUTH is offered, the client's hostname looked up before the greeting, early talkers noticed; and
 * {@code connectiontimeout} enforced as written (Postfix's smtpd_timeout); and commands answered on the
 * server's handler threads ({@code maxExecutorCount}), not on its I/O threads.
 */
public class PosternSmtpServer extends SMTPServer {
    /** The longest a client waits for its greeting while its hostname is looked up. */
    static final Duration HOSTNAME_LOOKUP_LIMIT = Duration.ofSeconds(10);
    private static final Field PROTOCOL = protocolField();

    private final SmtpMetrics metrics;
    private final RestrictionsByServer restrictionsByServer;
    private final LoginFailures loginFailures;
    private ConnectionGate gate;

    public PosternSmtpServer(SmtpMetrics metrics, RestrictionsByServer restrictionsByServer, LoginFailures loginFailures) {
        super(metrics);
        this.metrics = metrics;
        this.restrictionsByServer = restrictionsByServer;
        this.loginFailures = loginFailures;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        ServerRestrictions restrictions = restrictionsByServer.forServer(jmxName).orElseThrow(() -> new ConfigurationException(
            "smtpserver.xml: the SMTP server " + jmxName + " has no restriction lists (conf/policy.cf)"));
        boolean authOffered = !"never".equalsIgnoreCase(configuration.getString("auth.announce", "never").strip());
        boolean implicitTls = ListenerGuard.implicitTls(getEncryption());
        gate = new ConnectionGate(new ConnectionGate.Settings(ListenerProtocol.SMTP, jmxName, getHelloName(), implicitTls,
            restrictions.anvil(), authOffered ? Optional.of(loginFailures) : Optional.empty(),
            new ClientHostnamePrelude(restrictions, HOSTNAME_LOOKUP_LIMIT), HOSTNAME_LOOKUP_LIMIT.plusSeconds(1), !implicitTls));
    }

    @Override
    protected ChannelInboundHandlerAdapter createCoreHandler() {
        return new SmtpConnectionHandler(protocol(), getEncryption(), proxyRequired, metrics, jmxName);
    }

    /** James keeps its SMTP protocol in a private field, set when the server starts. */
    private Protocol protocol() {
        try {
            return (Protocol) PROTOCOL.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("This James version hides its SMTP protocol from Postern: " + e, e);
        }
    }

    private static Field protocolField() {
        try {
            Field transport = SMTPServer.class.getDeclaredField("transport");
            transport.setAccessible(true);
            return transport;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("This James version hides its SMTP protocol from Postern: " + e, e);
        }
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        Duration idle = Duration.ofSeconds(getTimeout());
        ListenerGuard.install(bootstrap, gate, () -> new ClientTimeouts(ListenerProtocol.SMTP, getHelloName(),
            new ClientTimeouts.Limits(Optional.of(idle), Optional.empty(), Optional.empty(), channel -> true)),
            pipeline -> {
                // commands are answered on the server's handler threads (those of its line framer), never on an
                // I/O thread: what a restriction waits for (DNS lists, a policy service, the database, the
                // queue's disk sync) holds up no other connection's reading and writing
                pipeline.remove(HandlerConstants.CORE_HANDLER);
                pipeline.addLast(getExecutorGroup(), HandlerConstants.CORE_HANDLER, createCoreHandler());
                // James puts its chunked-write handler, on the I/O thread, between the framer and the core handler:
                // every command would then cross threads twice, and the framer's read would no longer be handled
                // in one pass (reject_unauth_pipelining tells a pipelined command by that pass). It only acts on
                // writes, so it goes in front of the framer.
                pipeline.remove(HandlerConstants.CHUNK_HANDLER);
                pipeline.addBefore(HandlerConstants.FRAMER, HandlerConstants.CHUNK_HANDLER, new ChunkedWriteHandler());
            });
    }
}
