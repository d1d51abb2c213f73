package org.postern.listener.managesieve;

import java.net.InetSocketAddress;

import org.apache.james.managesieveserver.netty.ChannelManageSieveResponseWriter;
import org.apache.james.managesieveserver.netty.ManageSieveChannelUpstreamHandler;
import org.apache.james.managesieveserver.netty.NettyConstants;
import org.apache.james.protocols.netty.Encryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;

/**
 * James's ManageSieve connection handler, mended where 3.8.1 fails an internet-facing server:
 * <ul>
 * <li>STARTTLS works: James's line framer looks for the connection's command-injection state under a channel
 *     attribute ManageSieve never sets, so after STARTTLS every command was refused;</li>
 * <li>once TLS is up the capabilities are sent again, now with SASL (RFC 5804 section 2.2);</li>
 * <li>an over-long command is answered and forgotten (James kept growing it, and logged a stack trace each
 *     time);</li>
 * <li>the session knows its client's address, for {@link PosternManageSieveProcessor}, and a refused client
 *     is disconnected after its reply.</li>
 * </ul>
 */
@ChannelHandler.Sharable
final class SieveChannelHandler extends ManageSieveChannelUpstreamHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(SieveChannelHandler.class);
    /** Where James's line framer looks for the command-injection state (AllButStartTlsLineBasedChannelHandler). */
    private static final AttributeKey<ChannelManageSieveResponseWriter> FRAMER_SESSION = AttributeKey.valueOf("session");

    private final PosternManageSieveProcessor processor;

    SieveChannelHandler(PosternManageSieveProcessor processor, Encryption secure, int maxLineLength) {
        super(processor, secure, maxLineLength);
        this.processor = processor;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        var session = ctx.channel().attr(NettyConstants.SESSION_ATTRIBUTE_KEY).get();
        if (session != null && ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            ctx.channel().attr(NettyConstants.SESSION_ATTRIBUTE_KEY).set(new SieveClientSession(session,
                remote.getAddress().getHostAddress()));
        }
        ctx.channel().attr(FRAMER_SESSION).set(ctx.channel().attr(NettyConstants.RESPONSE_WRITER_ATTRIBUTE_KEY).get());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (ctx.channel().attr(NettyConstants.SESSION_ATTRIBUTE_KEY).get() instanceof SieveClientSession session
            && session.closeRequested()) {
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
            ChannelManageSieveResponseWriter writer = ctx.channel().attr(NettyConstants.RESPONSE_WRITER_ATTRIBUTE_KEY).get();
            if (writer != null) {
                writer.write(processor.capabilitiesOverTls() + "OK\r\n");
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            ChannelManageSieveResponseWriter writer = ctx.channel().attr(NettyConstants.RESPONSE_WRITER_ATTRIBUTE_KEY).get();
            if (writer != null) {
                writer.resetCumulation();
                writer.write("NO \"Maximum command line length exceeded\"\r\n");
            }
            LOGGER.debug("ManageSieve command line too long from {}", ctx.channel().remoteAddress());
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
