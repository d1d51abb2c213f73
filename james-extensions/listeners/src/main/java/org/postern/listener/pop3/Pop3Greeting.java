package org.postern.listener.pop3;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * The POP3 greeting: the APOP timestamp (RFC 1939) and the server's name, without a software name or
 * version ({@code +OK <id.time@mx.example.com> mx.example.com POP3 ready}).
 */
public class Pop3Greeting implements ConnectHandler<POP3Session> {
    @Override
    public Response onConnect(POP3Session session) {
        String hostname = session.getConfiguration().getHelloName();
        String timestamp = "<" + session.getSessionID() + "." + System.currentTimeMillis() + "@" + hostname + ">";
        session.setAttachment(POP3Session.APOP_TIMESTAMP, timestamp + " ", State.Connection);
        return new POP3Response(POP3Response.OK_RESPONSE, timestamp + " " + hostname + " POP3 ready");
    }
}
