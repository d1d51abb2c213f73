package org.postern.listener.imap;

import java.net.InetSocketAddress;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Gives the IMAP session its client's address (James 3.8.1's session does not know it), for
 * {@link ImapLoginGuard}. Placed after James's core handler, which creates the session.
 */
@ChannelHandler.Sharable
final class ImapClientAddress extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (session != null && ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            session.setAttribute(ImapLoginGuard.CLIENT, remote.getAddress().getHostAddress());
        }
        super.channelActive(ctx);
    }
}
