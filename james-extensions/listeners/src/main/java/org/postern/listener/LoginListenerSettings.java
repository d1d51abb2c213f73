package org.postern.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.HandlerConstants;
import org.postern.policy.anvil.Anvil;
import org.postern.policy.anvil.ClientLimits;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.syntax.Networks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;

/**
 * What a listener that takes passwords (IMAP, POP3, ManageSieve) reads from its element of
 * imapserver.xml, pop3server.xml or managesieveserver.xml beyond James's own settings:
 * <ul>
 * <li>{@code <connectionLimitPerIP>} (James's element): connections open at once from one address, answered
 *     in the protocol's words when exceeded (James would just close);</li>
 * <li>{@code <unauthenticatedIdleTimeout>} (seconds, {@value #DEFAULT_UNAUTHENTICATED_IDLE}): idle time
 *     allowed before logging in;</li>
 * <li>{@code <lineTimeout>} (seconds, {@value #DEFAULT_LINE}): time allowed to send one command line.</li>
 * </ul>
 */
public record LoginListenerSettings(int connectionLimitPerIp, Duration unauthenticatedIdle, Duration line) {
    public static final int DEFAULT_UNAUTHENTICATED_IDLE = 60;
    public static final int DEFAULT_LINE = 60;

    /**
     * @param file the configuration file, named in errors
     * @param connectionLimitPerIp James's parsed {@code connectionLimitPerIP}
     */
    public static LoginListenerSettings read(String file, HierarchicalConfiguration<ImmutableNode> configuration,
                                             int connectionLimitPerIp) throws ConfigurationException {
        return new LoginListenerSettings(connectionLimitPerIp,
            seconds(file, configuration, "unauthenticatedIdleTimeout", DEFAULT_UNAUTHENTICATED_IDLE),
            seconds(file, configuration, "lineTimeout", DEFAULT_LINE));
    }

    /**
     * The gate of such a listener: its connections per address counted, addresses refused for failed logins
     * turned away.
     */
    public ConnectionGate gate(ListenerProtocol protocol, String service, String hostname, Encryption encryption,
                               LoginFailures loginFailures) {
        Anvil perAddress = new Anvil(new ClientLimits(connectionLimitPerIp, 0, 0, 0, 0, Duration.ofSeconds(60),
            Networks.parse(service, "exceptions", "")), Clock.systemUTC());
        return new ConnectionGate(new ConnectionGate.Settings(protocol, service, hostname, ListenerGuard.implicitTls(encryption),
            perAddress, Optional.of(loginFailures), ConnectionPrelude.NONE, Duration.ZERO, false));
    }

    /**
     * Our handlers around James's pipeline of such a listener ({@link ListenerGuard}), with its time limits;
     * James's own per-address limit, which would close connections without a word, gives way to the gate's.
     *
     * @param idleAfterLogin empty where James's own handler watches idle logged-in clients
     * @param loggedIn whether a connection's client has logged in
     * @param adjust further changes to the pipeline
     */
    public void install(ServerBootstrap bootstrap, ConnectionGate gate, ListenerProtocol protocol, String hostname,
                        Optional<Duration> idleAfterLogin, Predicate<Channel> loggedIn, Consumer<ChannelPipeline> adjust) {
        ClientTimeouts.Limits limits = new ClientTimeouts.Limits(idleAfterLogin, Optional.of(unauthenticatedIdle), Optional.of(line),
            loggedIn);
        ListenerGuard.install(bootstrap, gate, () -> new ClientTimeouts(protocol, hostname, limits), pipeline -> {
            if (pipeline.get(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER) != null) {
                pipeline.remove(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER);
            }
            adjust.accept(pipeline);
        });
    }

    private static Duration seconds(String file, HierarchicalConfiguration<ImmutableNode> configuration, String element,
                                    int defaultValue) throws ConfigurationException {
        String value = configuration.getString(element, String.valueOf(defaultValue)).strip();
        if (!value.matches("[0-9]{1,7}") || Integer.parseInt(value) < 1) {
            throw new ConfigurationException(file + ": <" + element + ">" + value + "</" + element
                + ">: must be a number of seconds, at least 1");
        }
        return Duration.ofSeconds(Integer.parseInt(value));
    }
}
