package org.postern.listener;

import java.lang.reflect.Field;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.netty.TimeoutHandler;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/**
 * Puts our handlers around James's pipeline of one listener: the {@link ConnectionGate} first, the
 * {@link ClientTimeouts} in front of the line framer (in place of James's reader-idle handler, which closes
 * only at twice its timeout), {@link NetworkErrors} just before the framer, and accepted connections that never look up the client's name
 * ({@link LiteralAddressServerSocketChannel}). Reading starts only when the gate lets the client in.
 */
public final class ListenerGuard {
    static final String GATE = "postern-gate";
    static final String TIMEOUTS = "postern-timeouts";
    static final String NETWORK_ERRORS = "postern-network-errors";

    private ListenerGuard() {
    }

    /**
     * @param timeouts the limits of one new connection
     * @param adjust further changes to James's pipeline of a new connection (handlers of our own)
     */
    public static void install(ServerBootstrap bootstrap, ConnectionGate gate, Supplier<ClientTimeouts> timeouts,
                               Consumer<ChannelPipeline> adjust) {
        acceptAsLiteralAddressChannels(bootstrap);
        ChannelHandler james = bootstrap.config().childHandler();
        NetworkErrors networkErrors = new NetworkErrors(gate.service());
        bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                // James's initializer runs at once: the channel is registered
                pipeline.addLast(james);
                if (pipeline.get(HandlerConstants.TIMEOUT_HANDLER) instanceof TimeoutHandler) {
                    pipeline.remove(HandlerConstants.TIMEOUT_HANDLER);
                }
                pipeline.addBefore(HandlerConstants.FRAMER, TIMEOUTS, timeouts.get());
                adjust.accept(pipeline);
                pipeline.addBefore(HandlerConstants.FRAMER, NETWORK_ERRORS, networkErrors);
                // first, and before the connection is active: nothing is read until the gate lets it in
                pipeline.addFirst(GATE, gate);
            }
        });
    }

    /** True for a listener with implicit TLS (465, 993, 995), where nothing can be said before the handshake. */
    public static boolean implicitTls(Encryption encryption) {
        return encryption != null && !encryption.isStartTLS();
    }

    /**
     * James sets the listening channel's class before it lets a subclass configure the bootstrap, and Netty
     * refuses a second one: the first is cleared through Netty's private field.
     */
    private static void acceptAsLiteralAddressChannels(ServerBootstrap bootstrap) {
        try {
            Field channelFactory = AbstractBootstrap.class.getDeclaredField("channelFactory");
            channelFactory.setAccessible(true);
            channelFactory.set(bootstrap, null);
            bootstrap.channel(LiteralAddressServerSocketChannel.class);
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("This Netty version does not let Postern choose its listening channel: " + e, e);
        }
    }
}
