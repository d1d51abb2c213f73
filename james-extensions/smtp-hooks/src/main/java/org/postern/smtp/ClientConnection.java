package org.postern.smtp;

import java.lang.reflect.Field;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What the listener learned about a client before the SMTP session began, kept on the connection's Netty
 * channel, and the way from a James session to that channel.
 * <p>
 * James 3.8.1 keeps the channel in a private field of its NettyProtocolTransport; should that field be
 * missing, every lookup here finds nothing (and this is logged once).
 */
public final class ClientConnection {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClientConnection.class);

    /** The client's hostname (forward-confirmed PTR, or "unknown"), looked up before the greeting. */
    public static final AttributeKey<String> HOSTNAME = AttributeKey.valueOf("postern.client-hostname");
    /** Present when the client sent something before the greeting. */
    public static final AttributeKey<Boolean> TALKED_BEFORE_GREETING = AttributeKey.valueOf("postern.early-talker");

    private static final Field CHANNEL = channelField();

    private ClientConnection() {
    }

    /** The session's Netty channel. */
    public static Optional<Channel> channel(ProtocolSession session) {
        if (CHANNEL == null || !(session instanceof ProtocolSessionImpl impl)
            || !(impl.getProtocolTransport() instanceof NettyProtocolTransport transport)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Channel) CHANNEL.get(transport));
        } catch (IllegalAccessException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The client's hostname as looked up before the greeting; empty when it was not. */
    public static Optional<String> hostname(ProtocolSession session) {
        return channel(session).map(channel -> channel.attr(HOSTNAME).get());
    }

    /** True when the client sent something before the greeting. */
    public static boolean talkedBeforeGreeting(ProtocolSession session) {
        return channel(session).map(channel -> Boolean.TRUE.equals(channel.attr(TALKED_BEFORE_GREETING).get())).orElse(false);
    }

    private static Field channelField() {
        try {
            Field field = NettyProtocolTransport.class.getDeclaredField("channel");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOGGER.warn("This James version hides the SMTP connection's channel ({}): reject_unauth_pipelining never rejects, "
                + "and the client's hostname is looked up at its first command", e.toString());
            return null;
        }
    }
}
