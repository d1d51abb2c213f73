package org.postern.smtp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.api.handler.UnknownCommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.postern.policy.limits.ErrorPenalty;
import org.postern.policy.log.ClientText;
import org.postern.policy.restriction.RestrictionsByServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's error accounting for one connection: every 4xx or 5xx reply counts, a message accepted for delivery
 * forgives them. From {@code smtpd_soft_error_limit} errors on each reply waits {@code smtpd_error_sleep_time}
 * (without blocking James's threads, see {@link ReplyPacer}); the reply to the error that reaches
 * {@code smtpd_hard_error_limit} is followed by {@code 421 4.7.0 <host> Error: too many errors} and the connection
 * is closed: nothing the client sends after it is read or answered. Any reply that ends the session (421...) stops
 * reading from the client at once. Listed before the other command handlers so that it answers first.
 */
public class ErrorLimits implements CommandHandler<SMTPSession>, ProtocolHandlerResultHandler<Response, SMTPSession>,
    DataLineFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(ErrorLimits.class);
    private static final AttachmentKey<ConnectionState> STATE = AttachmentKey.of("postern.limits", ConnectionState.class);
    /** A client that does not read the reply that ends its session is disconnected after this long. */
    private static final Duration CLOSE_LINGER = Duration.ofSeconds(10);
    private static final int DATA_TERMINATOR_LENGTH = 3;

    /** Every command James answers; anything else reaches James's unknown-command handler, listed last. */
    static final List<String> COMMANDS = List.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP",
        "QUIT", "VRFY", "EXPN", "AUTH", "STARTTLS", UnknownCommandHandler.COMMAND_IDENTIFIER);

    private final RestrictionsByServer restrictions;

    @Inject
    public ErrorLimits(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        ConnectionState state = state(session);
        if (state.closing) {
            // the reply that ends the session is on its way: what the client sent after it is not answered
            return new ReplyPacer.Held("421");
        }
        if (state.penalty.exhausted()) {
            return tooManyErrors(session, request.getCommand());
        }
        return null;
    }

    /**
     * James calls result handlers twice for a command's reply (in its command dispatcher, then for the line that
     * carried it) and once for other lines (message data, AUTH exchanges): every reply is counted once, at the line
     * level.
     */
    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (response == null || response instanceof ReplyPacer.Held || !(handler instanceof LineHandler)) {
            return response;
        }
        ConnectionState state = state(session);
        Duration delay = state.penalty.onReply(code(response));
        Response reply = response;
        if (!response.isEndSession() && state.penalty.exhausted()) {
            // Postfix says goodbye right after the reply to the error that reaches smtpd_hard_error_limit
            reply = new Replies(response, tooManyErrors(session, "the last command"));
        }
        Response paced = state.pacer.pace(session, reply, delay);
        if (reply.isEndSession()) {
            endingSession(session, state, state.pacer.untilLastHeldReply());
        }
        return paced;
    }

    /** The final dot: a message accepted for delivery forgives the errors before it. */
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response response = next.onLine(session, line);
        if (line.length == DATA_TERMINATOR_LENGTH && line[0] == '.' && response != null && code(response) / 100 == 2) {
            state(session).penalty.onMessageAccepted();
        }
        return response;
    }

    private Response tooManyErrors(ProtocolSession session, String after) {
        SMTPResponse tooManyErrors = new SMTPResponse("421",
            "4.7.0 " + session.getConfiguration().getHelloName() + " Error: too many errors");
        tooManyErrors.setEndSession(true);
        if (!state(session).closing) {
            LOGGER.info("too many errors after {} from {}", ClientText.forLog(after),
                session.getRemoteAddress().getAddress().getHostAddress());
        }
        return tooManyErrors;
    }

    /**
     * A reply ends the session: nothing more is read from the client, and the connection is closed even if the
     * client never reads that reply (James closes it only once the reply is written), {@link #CLOSE_LINGER}
     * after the reply is due: a held reply goes out later than it was decided.
     */
    private static void endingSession(ProtocolSession session, ConnectionState state, Duration untilReplyWritten) {
        state.closing = true;
        ClientConnection.channel(session).ifPresent(channel -> {
            channel.config().setAutoRead(false);
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, untilReplyWritten.plus(CLOSE_LINGER).toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Two replies written as one, the second ending the session. */
    private record Replies(Response first, Response last) implements Response {
        @Override
        public String getRetCode() {
            return first.getRetCode();
        }

        @Override
        public List<CharSequence> getLines() {
            List<CharSequence> lines = new java.util.ArrayList<>(first.getLines());
            lines.addAll(last.getLines());
            return lines;
        }

        @Override
        public boolean isEndSession() {
            return last.isEndSession();
        }
    }

    static int code(Response response) {
        String code = response.getRetCode();
        return code != null && code.matches("[0-9]{3}") ? Integer.parseInt(code) : 0;
    }

    private ConnectionState state(ProtocolSession session) {
        Optional<ConnectionState> existing = session.getAttachment(STATE, ProtocolSession.State.Connection);
        if (existing.isPresent()) {
            return existing.get();
        }
        ConnectionState state = new ConnectionState(new ErrorPenalty(ServerSection.restrictions(session, restrictions).limits()));
        session.setAttachment(STATE, state, ProtocolSession.State.Connection);
        return state;
    }

    /** One connection's error count and held replies. */
    private static final class ConnectionState {
        private final ErrorPenalty penalty;
        private final ReplyPacer pacer = new ReplyPacer();
        private volatile boolean closing;

        private ConnectionState(ErrorPenalty penalty) {
            this.penalty = penalty;
        }
    }
}
