package org.postern.listener.smtp;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.apache.james.smtpserver.netty.SMTPChannelInboundHandler;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.postern.smtp.ServerSection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * James's SMTP connection handler for a connection whose commands are answered off its I/O thread. James
 * writes STARTTLS's {@code 220} and then puts TLS in front of the connection: from another thread, the TLS
 * handler could be in place before the 220 leaves, and the client would get it encrypted. Here both happen on
 * the connection's I/O thread, in that order. Each session it creates carries its server's name.
 */
final class SmtpConnectionHandler extends SMTPChannelInboundHandler {

    private final String serverName;

    /** @param serverName the server's jmxName, stamped on each session for the handlers (see {@link ServerSection}) */
    SmtpConnectionHandler(Protocol protocol, Encryption encryption, boolean proxyRequired, SmtpMetrics metrics,
                          String serverName) {
        super(protocol, encryption, proxyRequired, metrics);
        this.serverName = serverName;
    }

    @Override
    protected ProtocolSession createSession(ChannelHandlerContext ctx) {
        ProtocolSession session = protocol.newSession(new OrderedStartTls(ctx.channel(), secure, proxyRequired));
        session.setAttachment(ServerSection.NAME, serverName, ProtocolSession.State.Connection);
        return session;
    }

    private static final class OrderedStartTls extends NettyProtocolTransport {
        private final Channel channel;

        private OrderedStartTls(Channel channel, Encryption encryption, boolean proxyRequired) {
            super(channel, encryption, proxyRequired);
            this.channel = channel;
        }

        @Override
        protected void writeToClient(byte[] bytes, ProtocolSession session, boolean startTls) {
            if (startTls && !channel.eventLoop().inEventLoop()) {
                channel.eventLoop().execute(() -> super.writeToClient(bytes, session, true));
            } else {
                super.writeToClient(bytes, session, startTls);
            }
        }
    }
}
