package org.postern.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * How long a client may keep a connection without doing its part, watched on the bytes it sends (before
 * the protocol's line framer, so that a partial line counts):
 * <ul>
 * <li>idle: no complete line for this long (SMTP's {@code connectiontimeout}, Postfix's smtpd_timeout);</li>
 * <li>idle before logging in: a shorter limit while the client is not authenticated (IMAP, POP3,
 *     ManageSieve), so that unauthenticated connections cannot be parked;</li>
 * <li>one line: a line must be complete within this long of its first byte, which stops clients that
 *     trickle one byte at a time (slowloris) whatever the idle limits.</li>
 * </ul>
 * The client is told (the protocol's timeout reply) and disconnected. One instance per connection.
 */
public final class ClientTimeouts extends ChannelDuplexHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClientTimeouts.class);
    private static final Duration CLOSE_AFTER_REPLY = Duration.ofSeconds(5);

    /**
     * @param idle empty: another handler watches idle authenticated clients (IMAP's own, which knows IDLE)
     * @param idleBeforeLogin empty where the protocol has no login (SMTP)
     * @param line empty: no limit per line
     * @param authenticated whether the connection's client has logged in
     */
    public record Limits(Optional<Duration> idle, Optional<Duration> idleBeforeLogin, Optional<Duration> line,
                         Predicate<Channel> authenticated) {
        public boolean any() {
            return idle.isPresent() || idleBeforeLogin.isPresent() || line.isPresent();
        }
    }

    private final ListenerProtocol protocol;
    private final String hostname;
    private final Limits limits;
    private long lastLineEnd;
    private long partialLineStart = -1;
    private ScheduledFuture<?> check;
    private boolean expired;

    public ClientTimeouts(ListenerProtocol protocol, String hostname, Limits limits) {
        this.protocol = protocol;
        this.hostname = hostname;
        this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastLineEnd = System.nanoTime();
        schedule(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (expired) {
            release(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
            long now = System.nanoTime();
            int lastNewline = bytes.forEachByteDesc(value -> value != '\n');
            boolean lineStarted = partialLineStart < 0;
            if (lastNewline >= 0) {
                lastLineEnd = now;
                partialLineStart = lastNewline == bytes.writerIndex() - 1 ? -1 : now;
            } else if (partialLineStart < 0) {
                partialLineStart = now;
            }
            if (lineStarted && partialLineStart >= 0 && limits.line().isPresent()) {
                // a line has begun: its deadline may come before the check already planned
                reschedule(ctx);
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void reschedule(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
        }
        schedule(ctx);
    }

    private void schedule(ChannelHandlerContext ctx) {
        Optional<Long> next = nextDeadline(ctx.channel());
        if (next.isEmpty()) {
            return;
        }
        long delay = Math.max(0, next.get() - System.nanoTime());
        check = ctx.executor().schedule(() -> verify(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private void verify(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || expired) {
            return;
        }
        Optional<Long> deadline = nextDeadline(ctx.channel());
        if (deadline.isPresent() && System.nanoTime() - deadline.get() >= 0) {
            expired = true;
            LOGGER.info("{} connection from {} timed out: {}", protocol, ctx.channel().remoteAddress(), reason(ctx.channel()));
            ctx.writeAndFlush(Unpooled.copiedBuffer(protocol.timeout(hostname) + "\r\n", StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> ctx.close(), CLOSE_AFTER_REPLY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        schedule(ctx);
    }

    /** The earliest instant (nanoTime) at which a limit is reached, given what the client has sent so far. */
    private Optional<Long> nextDeadline(Channel channel) {
        Optional<Duration> idle = limits.authenticated().test(channel) ? limits.idle()
            : limits.idleBeforeLogin().or(limits::idle);
        Optional<Long> idleDeadline = idle.map(limit -> lastLineEnd + limit.toNanos());
        Optional<Long> lineDeadline = partialLineStart < 0 ? Optional.empty()
            : limits.line().map(limit -> partialLineStart + limit.toNanos());
        if (idleDeadline.isPresent() && lineDeadline.isPresent()) {
            return Optional.of(idleDeadline.get() - lineDeadline.get() < 0 ? idleDeadline.get() : lineDeadline.get());
        }
        // while nothing is due, look again after a while: the authentication state may change the idle limit
        return idleDeadline.or(() -> lineDeadline).or(() -> limits.idleBeforeLogin().map(limit -> System.nanoTime() + limit.toNanos()));
    }

    private String reason(Channel channel) {
        long now = System.nanoTime();
        if (partialLineStart >= 0 && limits.line().isPresent() && now - partialLineStart >= limits.line().get().toNanos()) {
            return "a line took longer than " + limits.line().get().toSeconds() + "s";
        }
        return limits.authenticated().test(channel) ? "idle" : "idle before logging in";
    }

    private static void release(Object msg) {
        if (msg instanceof ByteBuf bytes) {
            bytes.release();
        }
    }
}
