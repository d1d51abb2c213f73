package org.postern.listener.pop3;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.pop3server.netty.POP3Server;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.postern.listener.ConnectionGate;
import org.postern.listener.ListenerProtocol;
import org.postern.listener.LoginListenerSettings;
import org.postern.policy.login.LoginFailures;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;

/**
 * James's POP3 server behind Postern's {@link ConnectionGate} (per-address connection limit answered with
 * {@code -ERR}, refusal of addresses banned for failed logins) with time limits: idle before and after login,
 * and per command line. {@code connectiontimeout} is the idle limit after login, enforced as written.
 */
public class PosternPop3Server extends POP3Server {
    private final LoginFailures loginFailures;
    private ConnectionGate gate;
    private LoginListenerSettings settings;

    public PosternPop3Server(LoginFailures loginFailures) {
        this.loginFailures = loginFailures;
    }

    @Override
    protected void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        settings = LoginListenerSettings.read("pop3server.xml [" + jmxName + "]", configuration, connPerIP);
        gate = settings.gate(ListenerProtocol.POP3, jmxName, getHelloName(), getEncryption(), loginFailures);
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        settings.install(bootstrap, gate, ListenerProtocol.POP3, getHelloName(), Optional.of(Duration.ofSeconds(getTimeout())),
            PosternPop3Server::loggedIn, pipeline -> {
            });
    }

    private static boolean loggedIn(Channel channel) {
        return channel.attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get() instanceof POP3Session session
            && session.getHandlerState() == POP3Session.TRANSACTION;
    }
}
