package org.postern.listener;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.postern.policy.anvil.Anvil;
import org.postern.policy.anvil.ClientLimits;
import org.postern.policy.restriction.Networks;

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

    /** The per-address connection counts of one listener. */
    public Anvil anvil() {
        return new Anvil(new ClientLimits(connectionLimitPerIp, 0, 0, 0, 0, Duration.ofSeconds(60),
            Networks.parse("listener", "exceptions", "")), java.time.Clock.systemUTC());
    }

    /** The time limits of one connection, given how to tell that its client has logged in. */
    public ClientTimeouts.Limits timeouts(Optional<Duration> idleAfterLogin, java.util.function.Predicate<io.netty.channel.Channel> authenticated) {
        return new ClientTimeouts.Limits(idleAfterLogin, Optional.of(unauthenticatedIdle), Optional.of(line), authenticated);
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
