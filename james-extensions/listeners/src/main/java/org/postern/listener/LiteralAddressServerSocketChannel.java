package org.postern.listener;

import java.nio.channels.SocketChannel;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.internal.SocketUtils;

/**
 * A listening socket whose accepted connections are {@link LiteralAddressSocketChannel}s: their remote
 * address already carries its own IP literal as host name, so nothing that asks for the client's host name
 * (James's connection logging in every protocol, the SMTP {@code Received:} header...) can start a blocking
 * reverse lookup on an I/O thread. The client's name, where a restriction needs it, is looked up
 * asynchronously through the server's resolver instead.
 */
public class LiteralAddressServerSocketChannel extends NioServerSocketChannel {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiteralAddressServerSocketChannel.class);

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        SocketChannel socket = SocketUtils.accept(javaChannel());
        if (socket == null) {
            return 0;
        }
        try {
            accepted.add(new LiteralAddressSocketChannel(this, socket));
            return 1;
        } catch (Throwable failure) {
            LOGGER.warn("Failed to set up an accepted connection", failure);
            try {
                socket.close();
            } catch (Throwable closing) {
                LOGGER.debug("Failed to close an accepted connection", closing);
            }
            return 0;
        }
    }
}
