package org.postern.smtp;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.postern.policy.limits.BareNewlines;
import org.postern.policy.restriction.RestrictionsByServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's {@code smtpd_forbid_bare_newline} for message lines (see {@link LineEndings}; command lines are
 * {@link CommandLineEndings}'): {@code reject} refuses a message with a bare LF or CR
 * ({@code 550 5.5.2 Error: bare <LF> received}), {@code normalize} turns them into CRLF so that no bare CR is
 * ever stored or relayed. James's own check behind this one refuses any line not ending in CRLF.
 */
public class MessageLineEndings implements DataLineFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageLineEndings.class);
    private static final AttachmentKey<Boolean> AFTER_BARE_LF = AttachmentKey.of("postern.limits.barelf", Boolean.class);
    private static final AttachmentKey<BareNewlines.Mode> MODE = AttachmentKey.of("postern.limits.barelf.mode",
        BareNewlines.Mode.class);

    private final RestrictionsByServer restrictions;

    @Inject
    public MessageLineEndings(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        BareNewlines.Mode mode = mode(session);
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
        return next.onLine(session, LineEndings.normalized(line, mode, afterBareLf));
    }

    /** The mode for this client, decided at its first message line: every line of a message passes here. */
    private BareNewlines.Mode mode(SMTPSession session) {
        return session.getAttachment(MODE, ProtocolSession.State.Connection).orElseGet(() -> {
            BareNewlines.Mode mode = ServerSection.restrictions(session, restrictions).bareNewlines()
                .modeFor(session.getRemoteAddress().getAddress().getHostAddress());
            session.setAttachment(MODE, mode, ProtocolSession.State.Connection);
            return mode;
        });
    }
}
