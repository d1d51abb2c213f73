package org.postern.listener.pop3;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.AbstractPassCmdHandler;
import org.postern.listener.ListenerProtocol;
import org.postern.policy.login.LoginFailures;

/**
 * Failed POP3 logins: each one counts towards the address's refusal ({@code auth_failure_limit}), a refused
 * address gets {@code -ERR [SYS/TEMP]} at USER and PASS and is disconnected, and a connection is closed after
 * {@value #FAILURES_PER_CONNECTION} failures, as IMAP does. Listed in pop3server.xml before James's core
 * handlers.
 */
public class Pop3LoginGuard implements CommandHandler<POP3Session>, ProtocolHandlerResultHandler<Response, POP3Session> {
    static final int FAILURES_PER_CONNECTION = 3;
    private static final AttachmentKey<Integer> FAILURES = AttachmentKey.of("postern.pop3.failures", Integer.class);

    private final LoginFailures loginFailures;

    @Inject
    public Pop3LoginGuard(LoginFailures loginFailures) {
        this.loginFailures = loginFailures;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("USER", "PASS");
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        String client = client(session);
        return loginFailures.isBanned(client) ? closing(ListenerProtocol.POP3.tooManyLoginFailures(
            session.getConfiguration().getHelloName(), client)) : null;
    }

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (!(handler instanceof AbstractPassCmdHandler) || response == null
            || !POP3Response.ERR_RESPONSE.equals(response.getRetCode()) || !String.join("", response.getLines()).contains("Authentication failed")) {
            return response;
        }
        POP3Session pop3 = (POP3Session) session;
        String client = client(pop3);
        String user = Optional.ofNullable(pop3.getUsername()).map(Username::asString).orElse(null);
        if (loginFailures.failed(client, "pop3", user).isPresent()) {
            return closing(ListenerProtocol.POP3.tooManyLoginFailures(pop3.getConfiguration().getHelloName(), client));
        }
        int failures = session.getAttachment(FAILURES, ProtocolSession.State.Connection).orElse(0) + 1;
        session.setAttachment(FAILURES, failures, ProtocolSession.State.Connection);
        if (failures >= FAILURES_PER_CONNECTION) {
            return closing("-ERR [AUTH] Authentication failed; too many failures on this connection");
        }
        return response;
    }

    private static Response closing(String line) {
        // the line is written as it is: its status indicator is part of it
        POP3Response response = new POP3Response(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
        response.setEndSession(true);
        return response;
    }

    private static String client(POP3Session session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
