package org.postern.listener;

import java.io.IOException;

import javax.net.ssl.SSLException;

import org.postern.policy.log.ClientText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;

/**
 * What the network does to a connection — a reset, a broken pipe, a TLS handshake that fails or a client that
 * does not speak TLS on an implicit-TLS port — is the client's doing: one line at INFO, as Postfix's "lost
 * connection", and the connection is closed. Behind this handler James would answer a dead socket and log each
 * with a stack trace at ERROR, a flood any internet client can cause at will. Placed in front of the line
 * framer, so that it sees the transport's and TLS's exceptions and none of the protocol's (a line too long is
 * the framer's, answered by the protocol).
 */
@ChannelHandler.Sharable
final class NetworkErrors extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(NetworkErrors.class);

    private final String service;

    /** @param service the listener's name (its jmxName), for the log */
    NetworkErrors(String service) {
        this.service = service;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!fromTheNetwork(cause)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOGGER.info("{}: lost connection from {}: {}", service, ConnectionGate.clientAddress(ctx),
            ClientText.forLog(String.valueOf(cause.getMessage())));
        ctx.close();
    }

    static boolean fromTheNetwork(Throwable cause) {
        return cause instanceof IOException
            || cause instanceof NotSslRecordException
            || cause instanceof DecoderException && cause.getCause() instanceof SSLException;
    }
}
