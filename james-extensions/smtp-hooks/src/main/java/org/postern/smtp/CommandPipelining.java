package org.postern.smtp;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;
import org.postern.policy.log.ClientText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Postfix's test behind {@code reject_unauth_pipelining}: a client pipelined improperly when it sent a
 * command without waiting for the reply to the one before, and either had not said EHLO (no ESMTP, no
 * PIPELINING) or the one before must end a group (RFC 2920: EHLO, HELO, DATA, VRFY, EXPN, NOOP, ...).
 * Once seen, it stays for the connection, as in Postfix.
 * <p>
 * Postfix peeks into its input buffer; James gives no access to its own. Instead: James's line decoder
 * (the "framer", on a handler executor) splits each read from the socket into commands and hands them, in
 * order, to the connection's thread. In Postern's SMTP pipeline both are the same executor with nothing in
 * between (see {@code PosternSmtpServer}), so one task decodes a read and answers all its commands. When a
 * command arrives, a "read over" note is queued on that executor: it runs after the read being handled, and
 * before any read queued after it. A command handled before that note came in the same read as the one
 * before it, or in a read that arrived before that one was answered: it was sent without waiting for the
 * reply. A client that waits for each reply never is, since the note is queued before the reply is even
 * written. (Were the framer on another executor, the note would go through it first, to run after the
 * read it is decoding.) Message content sent together with DATA is only noticed at the next command.
 * A client that sent its first command before the greeting (seen by the listener, see
 * {@link ClientConnection#talkedBeforeGreeting}) pipelined improperly too: Postfix's "improper command
 * pipelining after CONNECT".
 * <p>
 * The framer is found through the connection's channel ({@link ClientConnection#channel}); without it the
 * test is off. Listed as the first command handler of smtpserver.xml, so that it sees every command first.
 */
public class CommandPipelining implements CommandHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CommandPipelining.class);
    private static final AttachmentKey<Connection> KEY = AttachmentKey.of("postern.pipelining", Connection.class);
    private static final Set<String> LAST_IN_GROUP = Set.of("HELO", "EHLO", "DATA", "VRFY", "EXPN", "NOOP", "ETRN",
        "TURN", "QUIT", "AUTH", "STARTTLS");

    @Override
    public Collection<String> getImplCommands() {
        return ErrorLimits.COMMANDS;
    }

    /** Records a command as it arrives, before anything answers it. */
    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Connection state = session.getAttachment(KEY, ProtocolSession.State.Connection).orElseGet(() -> {
            Connection created = new Connection();
            session.setAttachment(KEY, created, ProtocolSession.State.Connection);
            return created;
        });
        state.record(session, request.getCommand().toUpperCase(Locale.ROOT));
        return null;
    }

    /** True once the client pipelined improperly on this connection. */
    static boolean improper(ProtocolSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Connection).map(state -> state.improper).orElse(false);
    }

    /** What one connection has shown so far. */
    private static final class Connection {
        private volatile boolean sameRead;
        private EventExecutor framer;
        private String previous;
        private boolean esmtp;
        private boolean improper;

        private void record(ProtocolSession session, String command) {
            if (previous == null && ClientConnection.talkedBeforeGreeting(session)) {
                // logged by the listener, which saw it
                improper = true;
            }
            if (!improper && sameRead && previous != null && (!esmtp || LAST_IN_GROUP.contains(previous))) {
                improper = true;
                LOGGER.info("improper command pipelining after {} from {}: {}", previous,
                    session.getRemoteAddress().getAddress().getHostAddress(), ClientText.forLog(command));
            }
            if (command.equals("EHLO")) {
                esmtp = true;
            } else if (command.equals("HELO")) {
                esmtp = false;
            }
            previous = command;
            EventExecutor connection = ThreadExecutorMap.currentExecutor();
            if (framer == null) {
                framer = framerExecutor(session).orElse(null);
            }
            if (connection != null && framer != null) {
                sameRead = true;
                if (framer == connection) {
                    // one executor decodes and answers: the note runs after the read being handled and before
                    // any read that came in later (a second hop would let such a read overtake it)
                    connection.execute(() -> sameRead = false);
                } else {
                    framer.execute(() -> connection.execute(() -> sameRead = false));
                }
            }
        }
    }

    private static Optional<EventExecutor> framerExecutor(ProtocolSession session) {
        return ClientConnection.channel(session)
            .map(channel -> channel.pipeline().context(HandlerConstants.FRAMER))
            .map(ChannelHandlerContext::executor);
    }
}
