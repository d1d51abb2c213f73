package org.postern.smtp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.api.handler.UnknownCommandHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.postern.policy.limits.BareNewlines;
import org.postern.policy.limits.ErrorPenalty;
import org.postern.policy.limits.SmtpLimits;
import org.postern.policy.log.ClientText;
import org.postern.policy.restriction.Networks;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's per-connection limits for one SMTP server ({@code <server>} names its [section] of
 * conf/policy.cf), listed first in the handler chain so that it answers before anything else:
 * <ul>
 * <li>{@code smtpd_hard_error_limit}: the reply to the error that reaches it is followed by
 *     {@code 421 4.7.0 <host> Error: too many errors}, and the connection is closed: nothing the client sends
 *     after it is read or answered;
 *     {@code smtpd_soft_error_limit} / {@code smtpd_error_sleep_time}: replies are held back (without
 *     blocking James's I/O threads, see {@link ReplyPacer});</li>
 * <li>{@code smtpd_recipient_limit}: {@code 452 4.5.3 Error: too many recipients};</li>
 * <li>{@code message_size_limit}: {@code SIZE n} in the EHLO reply, {@code 552 5.3.4 Message size exceeds
 *     fixed limit} at MAIL FROM for a larger SIZE, and {@code 552 5.3.4 Error: message file too big} at the
 *     end of a larger message, whose extra lines are not stored. smtpserver.xml's own {@code <maxmessagesize>}
 *     stays 0, so that James's extension (which answers "552 Quota exceeded") is silent;</li>
 * <li>{@code disable_vrfy_command}: {@code 502 5.5.1 VRFY command is disabled};</li>
 * <li>{@code smtpd_forbid_bare_newline} for message lines (see {@link LineEndings}; command lines are
 *     {@link CommandLineEndings}').</li>
 * </ul>
 * Any reply that ends the session (421...) stops reading from the client at once.
 * Being first, it also notes each command for {@link CommandPipelining} (reject_unauth_pipelining).
 */
public class SessionLimits implements CommandHandler<SMTPSession>, ProtocolHandlerResultHandler<Response, SMTPSession>,
    EhloExtension, DataLineFilter, MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionLimits.class);

    private static final AttachmentKey<ConnectionState> STATE = AttachmentKey.of("postern.limits", ConnectionState.class);
    private static final AttachmentKey<Long> MESSAGE_BYTES = AttachmentKey.of("postern.limits.bytes", Long.class);
    private static final AttachmentKey<Boolean> TOO_BIG = AttachmentKey.of("postern.limits.toobig", Boolean.class);
    private static final AttachmentKey<Boolean> AFTER_BARE_LF = AttachmentKey.of("postern.limits.barelf", Boolean.class);
    /** A client that does not read the reply that ends its session is disconnected after this long. */
    private static final Duration CLOSE_LINGER = Duration.ofSeconds(10);

    /** Every command James answers; anything else reaches James's unknown-command handler, listed last. */
    private static final List<String> COMMANDS = List.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP",
        "QUIT", "VRFY", "EXPN", "AUTH", "STARTTLS", UnknownCommandHandler.COMMAND_IDENTIFIER);
    private static final Response TOO_MANY_RECIPIENTS = new SMTPResponse("452", "4.5.3 Error: too many recipients").immutable();
    private static final Response SIZE_EXCEEDS_LIMIT = new SMTPResponse("552", "5.3.4 Message size exceeds fixed limit").immutable();
    private static final Response VRFY_DISABLED = new SMTPResponse("502", "5.5.1 VRFY command is disabled").immutable();
    private static final Response VRFY_SYNTAX = new SMTPResponse("501", "5.5.4 Syntax: VRFY address").immutable();
    private static final Response VRFY_CANNOT = new SMTPResponse("252",
        "2.0.0 Cannot VRFY user, but will accept message and attempt delivery").immutable();
    private static final HookResult MESSAGE_TOO_BIG = SmtpReplies.reject("552", "5.3.4 Error: message file too big");
    private static final int DATA_TERMINATOR_LENGTH = 3;

    private final RestrictionsByServer restrictionsByServer;
    private SmtpLimits limits = SmtpLimits.POSTFIX_DEFAULTS;
    private BareNewlines bareNewlines = new BareNewlines(BareNewlines.Mode.NORMALIZE, Networks.parse("default", "mynetworks", ""));

    @Inject
    public SessionLimits(RestrictionsByServer restrictionsByServer) {
        this.restrictionsByServer = restrictionsByServer;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        ServerRestrictions restrictions = ServerSection.configured("SessionLimits", config, restrictionsByServer).restrictions();
        limits = restrictions.limits();
        bareNewlines = restrictions.bareNewlines();
    }

    // --- before every command ---------------------------------------------------------------------

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        CommandPipelining.onCommand(session, request.getCommand());
        ConnectionState state = state(session);
        if (state.closing) {
            // the reply that ends the session is on its way: what the client sent after it is not answered
            return new ReplyPacer.Held("421");
        }
        if (state.penalty.exhausted()) {
            return tooManyErrors(session, request.getCommand());
        }
        String argument = request.getArgument() == null ? "" : request.getArgument().strip();
        switch (request.getCommand().toUpperCase(Locale.ROOT)) {
            case "MAIL" -> {
                return declaredSize(argument).filter(limits::isTooBig).map(size -> SIZE_EXCEEDS_LIMIT).orElse(null);
            }
            case "RCPT" -> {
                int accepted = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction)
                    .map(List::size).orElse(0);
                return accepted >= limits.recipientLimit() ? TOO_MANY_RECIPIENTS : null;
            }
            case "VRFY" -> {
                if (limits.disableVrfyCommand()) {
                    return VRFY_DISABLED;
                }
                return argument.isEmpty() ? VRFY_SYNTAX : VRFY_CANNOT;
            }
            default -> {
                return null;
            }
        }
    }

    /** The SIZE=n parameter of a MAIL FROM argument; empty when absent or not a number (James answers 501). */
    static Optional<Long> declaredSize(String mailArgument) {
        for (String token : mailArgument.split("\\s+")) {
            if (token.regionMatches(true, 0, "SIZE=", 0, 5)) {
                String value = token.substring(5);
                if (value.matches("[0-9]{1,18}")) {
                    return Optional.of(Long.parseLong(value));
                }
                if (value.matches("[0-9]+")) {
                    return Optional.of(Long.MAX_VALUE);
                }
            }
        }
        return Optional.empty();
    }

    // --- after every command: error accounting ------------------------------------------------------

    /**
     * James calls result handlers twice for a command's reply (in its command dispatcher, then for the line
     * that carried it) and once for other lines (message data, AUTH exchanges): every reply is counted once,
     * at the line level.
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
        if (reply.isEndSession()) {
            endingSession(session, state);
        }
        return state.pacer.pace(session, reply, delay);
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
     * client never reads that reply (James closes it only once the reply is written).
     */
    private static void endingSession(ProtocolSession session, ConnectionState state) {
        state.closing = true;
        ClientConnection.channel(session).ifPresent(channel -> {
            channel.config().setAutoRead(false);
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_LINGER.toMillis(), TimeUnit.MILLISECONDS);
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

    private static int code(Response response) {
        String code = response.getRetCode();
        return code != null && code.matches("[0-9]{3}") ? Integer.parseInt(code) : 0;
    }

    // --- EHLO, message data -------------------------------------------------------------------------

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of(limits.limitsMessageSize() ? "SIZE " + limits.messageSizeLimit() : "SIZE");
    }

    /**
     * Every message line, first: line endings under smtpd_forbid_bare_newline, then the size limit. James's own
     * check behind this one refuses any line not ending in CRLF.
     */
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        BareNewlines.Mode mode = bareNewlines.modeFor(session.getRemoteAddress().getAddress().getHostAddress());
        boolean bareLf = LineEndings.endsInBareLf(line);
        if (mode == BareNewlines.Mode.REJECT && (bareLf || LineEndings.hasBareCr(line))) {
            LOGGER.info("{} bare <{}> in message data from {}: refused", session.getSessionID(), bareLf ? "LF" : "CR",
                session.getRemoteAddress().getAddress().getHostAddress());
            session.popLineHandler();
            return bareLf ? LineEndings.bareLfReceived() : LineEndings.bareCrReceived();
        }
        boolean afterBareLf = session.getAttachment(AFTER_BARE_LF, ProtocolSession.State.Transaction).orElse(false);
        if (bareLf != afterBareLf) {
            session.setAttachment(AFTER_BARE_LF, bareLf, ProtocolSession.State.Transaction);
        }
        return limitedLine(session, LineEndings.normalized(line, mode, afterBareLf), next);
    }

    private Response limitedLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (line.length == DATA_TERMINATOR_LENGTH && line[0] == '.') {
            Response response = next.onLine(session, line);
            if (response != null && code(response) / 100 == 2) {
                state(session).penalty.onMessageAccepted();
            }
            return response;
        }
        if (session.getAttachment(TOO_BIG, ProtocolSession.State.Transaction).isPresent()) {
            return null;
        }
        long size = session.getAttachment(MESSAGE_BYTES, ProtocolSession.State.Transaction).orElse(0L) + line.length;
        session.setAttachment(MESSAGE_BYTES, size, ProtocolSession.State.Transaction);
        if (limits.isTooBig(size)) {
            // the rest of the message is read and dropped; the final dot gets the refusal
            session.setAttachment(TOO_BIG, true, ProtocolSession.State.Transaction);
            return null;
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (session.getAttachment(TOO_BIG, ProtocolSession.State.Transaction).isPresent()) {
            LOGGER.info("{} message from {} refused: over message_size_limit {}", session.getSessionID(),
                session.getRemoteAddress().getAddress().getHostAddress(), limits.messageSizeLimit());
            return MESSAGE_TOO_BIG;
        }
        return HookResult.DECLINED;
    }

    // --- helpers -------------------------------------------------------------------------------------

    private ConnectionState state(ProtocolSession session) {
        Optional<ConnectionState> existing = session.getAttachment(STATE, ProtocolSession.State.Connection);
        if (existing.isPresent()) {
            return existing.get();
        }
        ConnectionState state = new ConnectionState(new ErrorPenalty(limits));
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
