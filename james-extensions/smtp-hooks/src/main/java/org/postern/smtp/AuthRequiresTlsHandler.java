package org.postern.smtp;

import java.util.Collection;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * Refuses AUTH wherever it is not offered. James 3.8.1 hides AUTH from EHLO when
 * {@code <auth><requireSSL>true</requireSSL></auth>} and TLS is not started, but still accepts the
 * command, so a client could send its password in clear text on the submission port. Listed in
 * smtpserver.xml before James's core handlers, this handler answers first:
 * before STARTTLS, {@code 538 5.7.11 Encryption required for requested authentication mechanism}
 * (RFC 4954); where AUTH is never offered, Postfix's {@code 503 5.5.1 Error: authentication not enabled}.
 * Otherwise it stays silent and James's AUTH handler runs.
 */
public class AuthRequiresTlsHandler implements CommandHandler<SMTPSession> {
    private static final Response ENCRYPTION_REQUIRED =
        new SMTPResponse("538", "5.7.11 Encryption required for requested authentication mechanism").immutable();
    private static final Response NOT_ENABLED =
        new SMTPResponse("503", "5.5.1 Error: authentication not enabled").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isAuthAnnounced()) {
            return null;
        }
        String clientAddress = session.getRemoteAddress().getAddress().getHostAddress();
        boolean offeredAfterTls = !session.isTLSStarted() && session.getConfiguration().isAuthAnnounced(clientAddress, true);
        return offeredAfterTls ? ENCRYPTION_REQUIRED : NOT_ENABLED;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("AUTH");
    }
}
