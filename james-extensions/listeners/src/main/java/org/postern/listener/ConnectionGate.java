package org.postern.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.postern.policy.anvil.Anvil;
import org.postern.policy.login.LoginFailures;
import org.postern.smtp.ClientConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;

/**
 * The first handler of every connection of one listener, before James's protocol handlers see it:
 * <ul>
 * <li>an address refused for failed logins ({@code auth_failure_limit}) is turned away on listeners that
 *     take passwords;</li>
 * <li>the client's connection count and connection rate ({@code smtpd_client_connection_count_limit},
 *     {@code smtpd_client_connection_rate_limit}, or a listener's {@code connectionLimitPerIP}) are counted;
 *     over a limit the client is told so in the protocol's words and disconnected;</li>
 * <li>the {@link ConnectionPrelude} runs (the SMTP client's hostname) while the connection waits, without
 *     holding an I/O thread;</li>
 * <li>on SMTP listeners without implicit TLS, anything the client sent before the greeting is noticed
 *     (Postfix's "improper command pipelining after CONNECT") and then handed to the protocol as usual.</li>
 * </ul>
 * A turned-away connection never reaches the protocol: no session, no greeting, no log line per connection
 * beyond the first refusal of a client. Reading starts only once the greeting may be sent.
 */
@ChannelHandler.Sharable
public final class ConnectionGate extends ChannelDuplexHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionGate.class);
    private static final AttributeKey<State> STATE = AttributeKey.valueOf("postern.gate");
    /** A turned-away client that does not read its refusal is disconnected after this long. */
    private static final Duration REFUSAL_LINGER = Duration.ofSeconds(5);

    /**
     * @param service the listener's name (its jmxName), for the log
     * @param hostname the server's name ($myhostname), for SMTP's replies
     * @param implicitTls true on 465, 993, 995: a refusal cannot be written before the TLS handshake, so the
     *        connection is just closed
     * @param anvil the per-client connection counts and rates of this listener
     * @param loginFailures present on listeners that take passwords
     * @param preludeLimit the longest the prelude may keep the client waiting; it is greeted then anyway
     * @param detectEarlyTalkers note a client that talks before the greeting (plain-text SMTP listeners)
     */
    public record Settings(ListenerProtocol protocol, String service, String hostname, boolean implicitTls, Anvil anvil,
                           Optional<LoginFailures> loginFailures, ConnectionPrelude prelude, Duration preludeLimit,
                           boolean detectEarlyTalkers) {
    }

    private final Settings settings;

    public ConnectionGate(Settings settings) {
        this.settings = settings;
    }

    /** The listener's name (its jmxName). */
    String service() {
        return settings.service();
    }

    private static final class State {
        private final String client;
        private final boolean counted;
        private final AtomicBoolean opened = new AtomicBoolean();

        private State(String client, boolean counted) {
            this.client = client;
            this.counted = counted;
        }
    }

    /** Nothing is read from a connection before the gate lets it in: added before it is active, it says so first. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String client = clientAddress(ctx);
        Optional<String> banned = settings.loginFailures().filter(failures -> failures.isBanned(client))
            .map(failures -> settings.protocol().tooManyLoginFailures(settings.hostname(), client));
        if (banned.isPresent()) {
            ctx.channel().attr(STATE).set(new State(client, false));
            LOGGER.debug("{} connection from {} refused: the address is refused for failed logins", settings.service(), client);
            refuse(ctx, banned.get());
            return;
        }
        Anvil.Admission admission = settings.anvil().connect(client);
        ctx.channel().attr(STATE).set(new State(client, true));
        if (admission != Anvil.Admission.ACCEPT) {
            logRefusal(admission, client);
            refuse(ctx, settings.protocol().tooManyConnections(settings.hostname(), client));
            return;
        }
        settings.prelude().prepare(ctx.channel(), client).toCompletableFuture()
            .completeOnTimeout(null, settings.preludeLimit().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((done, failure) -> {
                if (failure != null) {
                    LOGGER.warn("{} connection from {}: preparing the session failed, greeting it anyway", settings.service(),
                        client, failure);
                }
                ctx.executor().execute(() -> open(ctx));
            });
    }

    /** The connection is let in: the protocol greets the client, and reading starts. */
    private void open(ChannelHandlerContext ctx) {
        State state = ctx.channel().attr(STATE).get();
        if (!ctx.channel().isActive() || !state.opened.compareAndSet(false, true)) {
            return;
        }
        ByteBuf early = null;
        if (settings.detectEarlyTalkers() && ctx.channel() instanceof LiteralAddressSocketChannel channel) {
            try {
                early = channel.readWithoutWaiting();
            } catch (IOException e) {
                ctx.close();
                return;
            }
            if (early == null) {
                ctx.close();
                return;
            }
            if (early.isReadable()) {
                ctx.channel().attr(ClientConnection.TALKED_BEFORE_GREETING).set(true);
                LOGGER.info("improper command pipelining after CONNECT from {}", state.client);
            } else {
                early.release();
                early = null;
            }
        }
        ctx.fireChannelActive();
        if (early != null) {
            ctx.fireChannelRead(early);
            ctx.fireChannelReadComplete();
        }
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        State state = ctx.channel().attr(STATE).get();
        if (state != null && state.counted) {
            settings.anvil().disconnect(state.client);
        }
        if (state != null && state.opened.get()) {
            super.channelInactive(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx, String line) {
        if (settings.implicitTls()) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), REFUSAL_LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Logged when a client first goes over a limit in a time unit, as Postfix words it; not for every refusal. */
    private void logRefusal(Anvil.Admission admission, String client) {
        Anvil anvil = settings.anvil();
        if (admission == Anvil.Admission.TOO_MANY_CONNECTIONS) {
            int open = anvil.openConnections(client);
            if (open == anvil.limits().connectionCountLimit() + 1) {
                LOGGER.warn("Connection concurrency limit exceeded: {} from [{}] for service {}", open, client, settings.service());
            }
        } else {
            int rate = anvil.rate(client, Anvil.Counter.CONNECTIONS);
            if (rate == anvil.limits().connectionRateLimit() + 1) {
                LOGGER.warn("Connection rate limit exceeded: {} from [{}] for service {}", rate, client, settings.service());
            }
        }
    }

    /** The client's IP address as text, for the log. */
    static String clientAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
            ? remote.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }
}
