package org.postern.listener.imap;

import java.lang.reflect.Field;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.util.Size;
import org.postern.listener.ConnectionGate;
import org.postern.listener.ListenerProtocol;
import org.postern.listener.LoginListenerSettings;
import org.postern.policy.login.LoginFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;

/**
 * James's IMAP server behind Postern's {@link ConnectionGate} (per-address connection limit answered with
 * {@code * BYE}, refusal of addresses banned for failed logins), with failed logins counted
 * ({@link ImapLoginGuard}), literal sizes judged before they are read ({@link LiteralLimitDecoder}), time limits
 * before login and per command line, and a greeting that names the server, not the software. Idle clients
 * after login keep James's {@code <timeout>} (at least 30 minutes, RFC 9051).
 */
public class PosternImapServer extends IMAPServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(PosternImapServer.class);
    private static final ImapClientAddress CLIENT_ADDRESS = new ImapClientAddress();

    private final ImapDecoder decoder;
    private final LoginFailures loginFailures;
    private ConnectionGate gate;
    private LoginListenerSettings settings;
    private int inMemorySizeLimit;
    private int literalSizeLimit;
    private int maxLineLength;

    public PosternImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics metrics,
                             GaugeRegistry gaugeRegistry, LoginFailures loginFailures) {
        super(decoder, encoder, new ImapLoginGuard(processor, loginFailures), metrics, gaugeRegistry);
        this.decoder = decoder;
        this.loginFailures = loginFailures;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        greetWithTheServerName();
        settings = LoginListenerSettings.read("imapserver.xml [" + jmxName + "]", configuration, connPerIP);
        // the same values James read, for our decoder
        maxLineLength = configuration.getInt("maxLineLength", DEFAULT_MAX_LINE_LENGTH);
        inMemorySizeLimit = Math.toIntExact(Optional.ofNullable(configuration.getString("inMemorySizeLimit", null))
            .map(Size::parse).orElse(DEFAULT_IN_MEMORY_SIZE_LIMIT).asBytes());
        literalSizeLimit = Optional.ofNullable(configuration.getString("literalSizeLimit", null))
            .map(Size::parse).map(size -> Math.toIntExact(size.asBytes())).orElse(DEFAULT_LITERAL_SIZE_LIMIT);
        gate = settings.gate(ListenerProtocol.IMAP, jmxName, getHelloName(), getEncryption(), loginFailures);
    }

    @Override
    protected void configureBootstrap(ServerBootstrap bootstrap) {
        super.configureBootstrap(bootstrap);
        settings.install(bootstrap, gate, ListenerProtocol.IMAP, getHelloName(), Optional.empty(), PosternImapServer::loggedIn,
            pipeline -> {
                pipeline.replace(REQUEST_DECODER, REQUEST_DECODER,
                    new LiteralLimitDecoder(decoder, inMemorySizeLimit, literalSizeLimit, maxLineLength));
                pipeline.addAfter(HandlerConstants.CORE_HANDLER, "postern-client-address", CLIENT_ADDRESS);
            });
    }

    /** James greets with "JAMES IMAP4rev1 Server <host> is ready." and offers no setting: its field is replaced. */
    private void greetWithTheServerName() {
        try {
            Field hello = IMAPServer.class.getDeclaredField("hello");
            hello.setAccessible(true);
            hello.set(this, getHelloName() + " IMAP4rev1 ready");
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
            LOGGER.warn("The IMAP greeting of this James version cannot be changed ({}): it names the software", e.toString());
        }
    }

    private static boolean loggedIn(Channel channel) {
        ImapSession session = channel.attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        return session != null && session.getState() != ImapSessionState.NON_AUTHENTICATED;
    }
}
