package org.postern.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.postern.policy.limits.SmtpLimits;
import org.postern.policy.restriction.RestrictionsByServer;

/**
 * Postfix's per-command limits of the session's server (conf/policy.cf):
 * <ul>
 * <li>{@code message_size_limit} at MAIL FROM: a larger {@code SIZE=} is answered
 *     {@code 552 5.3.4 Message size exceeds fixed limit};</li>
 * <li>{@code smtpd_recipient_limit}: {@code 452 4.5.3 Error: too many recipients};</li>
 * <li>{@code disable_vrfy_command}: {@code 502 5.5.1 VRFY command is disabled}; otherwise VRFY never says who
 *     exists ({@code 252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery}).</li>
 * </ul>
 */
public class CommandLimits implements CommandHandler<SMTPSession> {
    private static final Response TOO_MANY_RECIPIENTS = new SMTPResponse("452", "4.5.3 Error: too many recipients").immutable();
    private static final Response SIZE_EXCEEDS_LIMIT = new SMTPResponse("552", "5.3.4 Message size exceeds fixed limit").immutable();
    private static final Response VRFY_DISABLED = new SMTPResponse("502", "5.5.1 VRFY command is disabled").immutable();
    private static final Response VRFY_SYNTAX = new SMTPResponse("501", "5.5.4 Syntax: VRFY address").immutable();
    private static final Response VRFY_CANNOT = new SMTPResponse("252",
        "2.0.0 Cannot VRFY user, but will accept message and attempt delivery").immutable();

    private final RestrictionsByServer restrictions;

    @Inject
    public CommandLimits(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("MAIL", "RCPT", "VRFY");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        SmtpLimits limits = ServerSection.restrictions(session, restrictions).limits();
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
            default -> {
                if (limits.disableVrfyCommand()) {
                    return VRFY_DISABLED;
                }
                return argument.isEmpty() ? VRFY_SYNTAX : VRFY_CANNOT;
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
}
