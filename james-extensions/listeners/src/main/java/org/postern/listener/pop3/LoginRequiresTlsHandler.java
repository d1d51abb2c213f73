package org.postern.listener.pop3;

import java.util.Collection;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * Refuses POP3 logins in clear text where STLS is offered but not started, as Dovecot's
 * {@code disable_plaintext_auth = yes} does: James 3.8.1 accepts USER/PASS before STLS. Listed in
 * pop3server.xml before James's core handlers so that it answers first; silent once TLS is up. (APOP and
 * AUTH are not implemented: James answers them as unknown commands.)
 */
public class LoginRequiresTlsHandler implements CommandHandler<POP3Session> {
    private static final Response TLS_REQUIRED =
        new POP3Response(POP3Response.ERR_RESPONSE, "[AUTH] Plaintext authentication disallowed on non-secure connections; use STLS first").immutable();

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.isStartTLSSupported() && !session.isTLSStarted()) {
            return TLS_REQUIRED;
        }
        return null;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("USER", "PASS");
    }
}
