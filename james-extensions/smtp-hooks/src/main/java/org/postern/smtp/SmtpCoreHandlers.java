package org.postern.smtp;

import java.util.List;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;

/**
 * James's SMTP core handlers, with Postern's {@link ReceivedHeader} in place of James's, which names the
 * software. Named by {@code coreHandlersPackage} in smtpserver.xml; James appends these after the handlers the
 * file lists.
 */
public class SmtpCoreHandlers implements HandlersPackage {
    private static final List<String> HANDLERS = new CoreCmdHandlerLoader().getHandlers().stream()
        .map(handler -> handler.equals(ReceivedDataLineFilter.class.getName()) ? ReceivedHeader.class.getName() : handler)
        .toList();

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
