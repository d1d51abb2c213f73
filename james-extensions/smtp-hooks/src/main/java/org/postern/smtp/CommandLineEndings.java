package org.postern.smtp;

import javax.inject.Inject;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.postern.policy.limits.BareNewlines;
import org.postern.policy.restriction.RestrictionsByServer;

/**
 * James's SMTP command dispatcher, with Postfix's {@code smtpd_forbid_bare_newline = reject} for commands: a
 * command line that ends in a bare LF gets {@code 550 5.5.2 Error: bare <LF> received} and the connection is
 * closed; otherwise it is handled like one ending in CRLF. Listed first in smtpserver.xml's handler chain:
 * James reads every command line through the first line handler of the chain.
 */
public class CommandLineEndings extends CommandDispatcher<SMTPSession> implements ProtocolHandler {
    private final RestrictionsByServer restrictionsByServer;

    @Inject
    public CommandLineEndings(RestrictionsByServer restrictionsByServer) {
        this.restrictionsByServer = restrictionsByServer;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line) {
        if (LineEndings.endsInBareLf(line) && ServerSection.restrictions(session, restrictionsByServer).bareNewlines().modeFor(session.getRemoteAddress().getAddress().getHostAddress()) == BareNewlines.Mode.REJECT) {
            return LineEndings.bareLfReceived();
        }
        return super.onLine(session, line);
    }
}
