package org.postern.listener.imap;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imapserver.netty.ImapRequestFrameDecoder;
import org.apache.james.imapserver.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * James's IMAP request decoder, with literal sizes judged before James answers "+" to a synchronizing
 * literal (and so before the client sends it): at most {@value #BEFORE_LOGIN} bytes before login,
 * {@code literalSizeLimit} after it. A larger literal gets {@code <tag> BAD [TOOBIG] ...} and nothing of it is
 * read; after a non-synchronizing literal ({@code {n+}}, already on its way) the connection is closed.
 * James 3.8.1 answers "+" first and then reads whatever comes, without bound, until a line end.
 */
final class LiteralLimitDecoder extends ImapRequestFrameDecoder {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiteralLimitDecoder.class);
    /** Before login a literal carries a user name or a password. */
    static final long BEFORE_LOGIN = 8192;

    private final long afterLogin;

    /** @param afterLogin the largest literal once logged in; 0 for no limit */
    LiteralLimitDecoder(ImapDecoder decoder, int inMemorySizeLimit, int literalSizeLimit, int maxFrameLength) {
        super(decoder, inMemorySizeLimit, literalSizeLimit, maxFrameLength);
        this.afterLogin = literalSizeLimit;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        Map<String, Object> attachment = ctx.channel().attr(NettyConstants.FRAME_DECODE_ATTACHMENT_ATTRIBUTE_KEY).get();
        // "SINK": a literal already accepted is being written to a file
        if (session != null && attachment != null && !attachment.containsKey("SINK")) {
            long limit = session.getState() == ImapSessionState.NON_AUTHENTICATED ? BEFORE_LOGIN : afterLogin;
            OversizedLiteral oversized = limit > 0 ? oversized(in, limit) : null;
            if (oversized != null) {
                refuse(ctx, in, attachment, oversized, limit, session.getState() == ImapSessionState.NON_AUTHENTICATED);
                return;
            }
        }
        super.decode(ctx, in, out);
    }

    private record OversizedLiteral(String tag, long size, boolean nonSynchronizing) {
    }

    /**
     * Scans the command held from its start (James keeps a command's bytes from its first one until it is
     * complete): every line that ends in {@code {n}} or {@code {n+}} announces a literal of n bytes, which is
     * skipped when it is within the limit.
     */
    private static OversizedLiteral oversized(ByteBuf in, long limit) {
        int index = in.readerIndex();
        int end = in.writerIndex();
        String tag = null;
        while (index < end) {
            int newline = in.indexOf(index, end, (byte) '\n');
            if (newline < 0) {
                return null;
            }
            String line = in.toString(index, newline - index, StandardCharsets.ISO_8859_1).stripTrailing();
            if (tag == null) {
                int space = line.indexOf(' ');
                tag = space > 0 ? line.substring(0, space) : line;
            }
            index = newline + 1;
            if (!line.endsWith("}")) {
                continue;
            }
            int open = line.lastIndexOf('{');
            if (open < 0) {
                continue;
            }
            String announced = line.substring(open + 1, line.length() - 1);
            boolean nonSynchronizing = announced.endsWith("+");
            OptionalLong size = parseSize(nonSynchronizing ? announced.substring(0, announced.length() - 1) : announced);
            if (size.isEmpty()) {
                continue;
            }
            if (size.getAsLong() > limit) {
                return new OversizedLiteral(tag, size.getAsLong(), nonSynchronizing);
            }
            index += (int) size.getAsLong();
        }
        return null;
    }

    private static OptionalLong parseSize(String digits) {
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, Map<String, Object> attachment, OversizedLiteral oversized,
                        long limit, boolean beforeLogin) {
        LOGGER.info("IMAP literal of {} bytes from {} refused ({} limit {})", oversized.size(), ctx.channel().remoteAddress(),
            beforeLogin ? "before login" : "literalSizeLimit", limit);
        in.skipBytes(in.readableBytes());
        attachment.clear();
        enableFraming(ctx);
        String reply = oversized.tag() + " BAD [TOOBIG] Literal too large" + (beforeLogin ? " before login" : "") + "\r\n";
        var written = ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII));
        if (oversized.nonSynchronizing()) {
            // the client did not wait for our go-ahead: the literal is on its way, and the only way not to read it is
            // to hang up
            ctx.channel().config().setAutoRead(false);
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
