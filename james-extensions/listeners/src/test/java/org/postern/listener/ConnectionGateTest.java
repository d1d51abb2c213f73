package org.postern.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.postern.policy.anvil.Anvil;
import org.postern.policy.anvil.ClientLimits;
import org.postern.policy.login.InMemoryLoginFailureStore;
import org.postern.policy.login.LoginFailureSettings;
import org.postern.policy.login.LoginFailures;
import org.postern.policy.syntax.Networks;
import org.postern.testing.SettableClock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

class ConnectionGateTest {
    private static final Networks NONE = Networks.parse("test", "mynetworks", "");

    private final SettableClock clock = new SettableClock();
    private final LoginFailures loginFailures = new LoginFailures(
        LoginFailureSettings.fromParameters("policy.cf", Map.of("auth_failure_limit", "1")), new InMemoryLoginFailureStore(), clock);

    /** Counts the connections the protocol was told about. */
    private static final class Protocol extends ChannelInboundHandlerAdapter {
        private final AtomicInteger active = new AtomicInteger();
        private final AtomicInteger inactive = new AtomicInteger();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive.incrementAndGet();
        }
    }

    private ConnectionGate gate(int connectionsPerClient, ConnectionPrelude prelude) {
        Anvil anvil = new Anvil(new ClientLimits(connectionsPerClient, 0, 0, 0, 0, Duration.ofSeconds(60), NONE), clock);
        return new ConnectionGate(new ConnectionGate.Settings(ListenerProtocol.SMTP, "smtp", "mx.example.test", false, anvil,
            Optional.of(loginFailures), prelude, Duration.ofSeconds(5), false));
    }

    private static String written(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return out == null ? null : out.toString(StandardCharsets.US_ASCII);
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    @Test
    void aClientWithinItsLimitReachesTheProtocol() {
        Protocol protocol = new Protocol();
        EmbeddedChannel channel = new EmbeddedChannel(gate(2, ConnectionPrelude.NONE), protocol);
        channel.runPendingTasks();

        assertThat(protocol.active).hasValue(1);
        assertThat(written(channel)).isNull();
        channel.close();
        assertThat(protocol.inactive).hasValue(1);
    }

    @Test
    void aClientOverItsLimitIsToldAndNeverReachesTheProtocol() {
        ConnectionGate gate = gate(1, ConnectionPrelude.NONE);
        Protocol protocol = new Protocol();
        EmbeddedChannel first = new EmbeddedChannel(gate, new Protocol());
        EmbeddedChannel second = new EmbeddedChannel(gate, protocol);
        second.runPendingTasks();

        assertThat(written(second)).startsWith("421 4.7.0 mx.example.test Error: too many connections from ");
        assertThat(second.isOpen()).isFalse();
        assertThat(protocol.active).hasValue(0);
        assertThat(protocol.inactive).as("no session to end either").hasValue(0);

        // the refused connection no longer counts once closed, nor the first once it is gone
        first.close();
        EmbeddedChannel third = new EmbeddedChannel(gate, new Protocol());
        third.runPendingTasks();
        assertThat(written(third)).isNull();
    }

    @Test
    void anAddressRefusedForFailedLoginsIsTurnedAway() {
        Protocol protocol = new Protocol();
        EmbeddedChannel probe = new EmbeddedChannel();
        String client = String.valueOf(probe.remoteAddress());
        loginFailures.failed(client, "imap", "alice");

        EmbeddedChannel channel = new EmbeddedChannel(gate(10, ConnectionPrelude.NONE), protocol);
        channel.runPendingTasks();

        assertThat(written(channel)).startsWith("421 4.7.0 mx.example.test Error: too many failed logins from ");
        assertThat(protocol.active).hasValue(0);
    }

    @Test
    void theProtocolWaitsForThePreludeWithoutAnyThreadWaiting() {
        CompletableFuture<Void> lookup = new CompletableFuture<>();
        Protocol protocol = new Protocol();
        EmbeddedChannel channel = new EmbeddedChannel(gate(10, (ch, client) -> lookup), protocol);
        channel.runPendingTasks();
        assertThat(protocol.active).as("still looking the client up").hasValue(0);
        assertThat(channel.config().isAutoRead()).as("nothing is read meanwhile").isFalse();

        lookup.complete(null);
        channel.runPendingTasks();
        assertThat(protocol.active).hasValue(1);
        assertThat(channel.config().isAutoRead()).isTrue();
    }
}
