package org.postern.smtp;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.postern.policy.limits.SmtpLimits;
import org.postern.policy.restriction.RestrictionsByServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's {@code message_size_limit} while the message arrives: {@code SIZE n} in the EHLO reply, and a message
 * larger than that gets {@code 552 5.3.4 Error: message file too big} at its final dot; its extra lines are read
 * and dropped, never stored. smtpserver.xml's own {@code <maxmessagesize>} stays 0, so that James's extension
 * (which answers "552 Quota exceeded") is silent. The SIZE= of MAIL FROM is {@link CommandLimits}'.
 */
public class MessageSizeLimit implements EhloExtension, DataLineFilter, MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageSizeLimit.class);
    private static final AttachmentKey<Long> MESSAGE_BYTES = AttachmentKey.of("postern.limits.bytes", Long.class);
    private static final AttachmentKey<Boolean> TOO_BIG = AttachmentKey.of("postern.limits.toobig", Boolean.class);
    private static final HookResult MESSAGE_TOO_BIG = SmtpReplies.reject("552", "5.3.4 Error: message file too big");
    private static final int DATA_TERMINATOR_LENGTH = 3;

    private final RestrictionsByServer restrictions;

    @Inject
    public MessageSizeLimit(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        SmtpLimits limits = limits(session);
        return List.of(limits.limitsMessageSize() ? "SIZE " + limits.messageSizeLimit() : "SIZE");
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (line.length == DATA_TERMINATOR_LENGTH && line[0] == '.') {
            return next.onLine(session, line);
        }
        if (session.getAttachment(TOO_BIG, ProtocolSession.State.Transaction).isPresent()) {
            return null;
        }
        long size = session.getAttachment(MESSAGE_BYTES, ProtocolSession.State.Transaction).orElse(0L) + line.length;
        session.setAttachment(MESSAGE_BYTES, size, ProtocolSession.State.Transaction);
        if (limits(session).isTooBig(size)) {
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
                session.getRemoteAddress().getAddress().getHostAddress(), limits(session).messageSizeLimit());
            return MESSAGE_TOO_BIG;
        }
        return HookResult.DECLINED;
    }

    private SmtpLimits limits(SMTPSession session) {
        return ServerSection.restrictions(session, restrictions).limits();
    }
}
