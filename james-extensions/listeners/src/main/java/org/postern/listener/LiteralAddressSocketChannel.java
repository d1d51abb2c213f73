package org.postern.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * An accepted connection whose remote address names its host by the IP literal (see
 * {@link LiteralAddressServerSocketChannel}), and which can tell whether the client sent anything before the
 * server's greeting.
 */
public class LiteralAddressSocketChannel extends NioSocketChannel {
    private static final int EARLY_BYTES = 4096;

    public LiteralAddressSocketChannel(Channel parent, SocketChannel socket) {
        super(parent, socket);
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return literal(super.remoteAddress0());
    }

    @Override
    protected SocketAddress localAddress0() {
        return literal(super.localAddress0());
    }

    /**
     * What the client has already sent, read without waiting: empty when nothing is there yet. Meant to be
     * called once, before the greeting and before Netty reads from the connection.
     *
     * @return the bytes, or {@code null} when the client has already closed the connection
     */
    public ByteBuf readWithoutWaiting() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(EARLY_BYTES);
        int read = javaChannel().read(buffer);
        if (read < 0) {
            return null;
        }
        buffer.flip();
        return Unpooled.wrappedBuffer(buffer);
    }

    private static SocketAddress literal(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return address;
        }
        InetAddress ip = inet.getAddress();
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip.getHostAddress(), ip.getAddress()), inet.getPort());
        } catch (UnknownHostException e) {
            // only thrown for an address of illegal length, which a connected socket cannot have
            return address;
        }
    }
}
