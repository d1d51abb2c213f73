package org.postern.smtp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;

import io.netty.util.internal.ThreadExecutorMap;

/**
 * Holds back the replies of one connection, in order, without blocking: Postfix sleeps before answering a
 * client that makes too many errors, but James serves many connections on each I/O thread, where a sleep
 * would stall them all. A held reply is written later by a scheduled task; the command handler returns
 * a {@link Held} (nothing to write) in its place. Every reply that follows a held one waits its turn, so
 * pipelined commands are still answered in order.
 */
final class ReplyPacer {
    /**
     * What a handler returns in place of a held reply: an empty write that keeps the reply's code, since
     * James's command statistics read it.
     */
    record Held(String getRetCode) implements Response {
        @Override
        public List<CharSequence> getLines() {
            return List.of();
        }

        @Override
        public boolean isEndSession() {
            return false;
        }
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "postern-smtp-reply-pacer");
        thread.setDaemon(true);
        return thread;
    });

    private long lastWriteNanos = Long.MIN_VALUE;

    /**
     * The reply to hand back to James now: {@code response} itself when it needs no delay and none is
     * pending, else a {@link Held} with the reply scheduled {@code delay} after the last held one.
     */
    synchronized Response pace(ProtocolSession session, Response response, Duration delay) {
        long now = System.nanoTime();
        boolean pending = lastWriteNanos != Long.MIN_VALUE && lastWriteNanos - now > 0;
        if (response == null || response instanceof Held || !(session instanceof ProtocolSessionImpl impl)
            || (delay.isZero() && !pending) || (response instanceof StartTlsResponse && !pending)) {
            return response;
        }
        long writeAt = Math.max(now, pending ? lastWriteNanos : now) + delay.toNanos();
        lastWriteNanos = writeAt;
        // on the connection's own Netty executor when there is one, so that the write is ordered with the
        // connection's other work; a timer thread otherwise
        ScheduledExecutorService executor = ThreadExecutorMap.currentExecutor() != null ? ThreadExecutorMap.currentExecutor() : TIMER;
        executor.schedule(() -> impl.getProtocolTransport().writeResponse(response, session),
            writeAt - now, TimeUnit.NANOSECONDS);
        return new Held(response.getRetCode());
    }

    /** How long until the last held reply is written: zero when none is pending. */
    synchronized Duration untilLastHeldReply() {
        long left = lastWriteNanos == Long.MIN_VALUE ? 0 : lastWriteNanos - System.nanoTime();
        return Duration.ofNanos(Math.max(0, left));
    }
}
