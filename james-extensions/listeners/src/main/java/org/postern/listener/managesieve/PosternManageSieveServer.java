package org.postern.listener.managesieve;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.managesieve.api.Session;
import org.apache.james.managesieveserver.netty.ManageSieveServer;
import org.apache.james.managesieveserver.netty.NettyConstants;
import org.postern.listener.ConnectionGate;
import org.postern.listener.ListenerProtocol;
import org.postern.listener.LoginListenerSettings;
import org.postern.policy.login.LoginFailures;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * James's ManageSieve server behind Postern's {@link ConnectionGate} (per-address connection limit answered
 * with {@code BYE (TRYLATER)}, refusal of addresses banned for failed logins), with its connection handler
 * mended ({@link SieveChannelHandler}) and time limits: idle before and after login ({@code connectiontimeout},
 * which James 3.8.1 parses but never enforces), and per command line.
 */
public class PosternManageSieveServer extends ManageSieveServer {
    private final PosternManageSieveProcessor processor;
    private final int maxLineLength;
    private final LoginFailures loginFailures;
    private ConnectionGate gate;
    private LoginListenerSettings settings;

    PosternManageSieveServer(int maxLineLength, PosternManageSieveProcessor processor, LoginFailures loginFailures) {
        super(maxLineLength, processor);
        this.processor = processor;
        this.maxLineLength = maxLineLength;
        this.loginFailures = loginFailures;
    }

    @Override
    protected void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        settings = LoginListenerSettings.read("managesieveserver.xml [" + jmxName + "]", configuration, connPerIP);
        gate = settings.gate(ListenerProtocol.MANAGESIEVE, jmxName, getHelloName(), getEncryption(), loginFailures);
    }

    @Override
    protected ChannelInboundHandlerAdapter createCoreHandler() {
        return new SieveChannelHandler(processor, getEncryption(), maxLineLength);
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        settings.install(bootstrap, gate, ListenerProtocol.MANAGESIEVE, getHelloName(), Optional.of(Duration.ofSeconds(getTimeout())),
            PosternManageSieveServer::loggedIn, pipeline -> {
            });
    }

    private static boolean loggedIn(Channel channel) {
        Session session = channel.attr(NettyConstants.SESSION_ATTRIBUTE_KEY).get();
        return session != null && session.isAuthenticated();
    }
}
