package org.postern.smtp;

import java.util.Locale;
import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Postfix's test behind {@code reject_unauth_pipelining}: a client pipelined improperly when it sent a
 * command without waiting for the reply to the one before, and either had not said EHLO (no ESMTP, no
 * PIPELINING) or the one before must end a group (RFC 2920: EHLO, HELO, DATA, VRFY, EXPN, NOOP, ...).
 * Once seen, it stays for the connection, as in Postfix.
 * <p>
 * Postfix peeks into its input buffer. Here, commands that came in one read from the socket are handled
 * one after the other on the connection's Netty thread, before any task queued meanwhile: each command
 * queues a marker task, and a command handled before the previous command's marker ran was in the same
 * read, i.e. sent ahead. A client that waits for each reply never is. (Message content sent together with
 * DATA is only noticed at the next command.)
 */
final class CommandPipelining {
    private static final Logger LOGGER = LoggerFactory.getLogger(CommandPipelining.class);
    private static final AttachmentKey<CommandPipelining> KEY = AttachmentKey.of("postern.pipelining", CommandPipelining.class);
    private static final Set<String> LAST_IN_GROUP = Set.of("HELO", "EHLO", "DATA", "VRFY", "EXPN", "NOOP", "ETRN",
        "TURN", "QUIT", "AUTH", "STARTTLS");

    private volatile boolean sameRead;
    private String previous;
    private boolean esmtp;
    private boolean improper;

    private CommandPipelining() {
    }

    /** Records a command as it arrives, before anything answers it. */
    static void onCommand(ProtocolSession session, String command) {
        CommandPipelining state = session.getAttachment(KEY, ProtocolSession.State.Connection).orElseGet(() -> {
            CommandPipelining created = new CommandPipelining();
            session.setAttachment(KEY, created, ProtocolSession.State.Connection);
            return created;
        });
        state.record(session, command.toUpperCase(Locale.ROOT));
    }

    /** True once the client pipelined improperly on this connection. */
    static boolean improper(ProtocolSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Connection).map(state -> state.improper).orElse(false);
    }

    private void record(ProtocolSession session, String command) {
        if (!improper && sameRead && previous != null && (!esmtp || LAST_IN_GROUP.contains(previous))) {
            improper = true;
            LOGGER.info("improper command pipelining after {} from {}: {}", previous,
                session.getRemoteAddress().getAddress().getHostAddress(), command);
        }
        if (command.equals("EHLO")) {
            esmtp = true;
        } else if (command.equals("HELO")) {
            esmtp = false;
        }
        previous = command;
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        if (executor != null) {
            sameRead = true;
            executor.execute(() -> sameRead = false);
        }
    }
}
