package org.postern.listener.pop3;

import java.util.List;

import org.apache.james.pop3server.core.CoreCmdHandlerLoader;
import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.pop3.core.QuitCmdHandler;
import org.apache.james.protocols.pop3.core.WelcomeMessageHandler;

/**
 * James's POP3 core handlers with Postern's greeting and QUIT reply, which name the server, not the
 * software. Named by {@code coreHandlersPackage} in pop3server.xml.
 */
public class Pop3CoreHandlers implements HandlersPackage {
    private static final List<String> HANDLERS = new CoreCmdHandlerLoader().getHandlers().stream()
        .map(handler -> handler.equals(WelcomeMessageHandler.class.getName()) ? Pop3Greeting.class.getName()
            : handler.equals(QuitCmdHandler.class.getName()) ? Pop3Quit.class.getName() : handler)
        .toList();

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
