package org.postern.listener.pop3;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.QuitCmdHandler;

/** James's QUIT (deleted messages are removed then), saying goodbye without naming the software. */
public class Pop3Quit extends QuitCmdHandler {
    private static final Response LOGGING_OUT;

    static {
        POP3Response response = new POP3Response(POP3Response.OK_RESPONSE, "Logging out");
        response.setEndSession(true);
        LOGGING_OUT = response.immutable();
    }

    @Inject
    public Pop3Quit(MetricFactory metricFactory) {
        super(metricFactory);
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        Response response = super.onCommand(session, request);
        return response != null && POP3Response.OK_RESPONSE.equals(response.getRetCode()) ? LOGGING_OUT : response;
    }
}
