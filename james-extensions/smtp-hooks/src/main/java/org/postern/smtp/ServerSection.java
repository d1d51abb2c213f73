package org.postern.smtp;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;

/**
 * The SMTP server a handler works for, named by its {@code <server>} element in smtpserver.xml, and what
 * conf/policy.cf says for it (its {@code [section]} over the global values).
 */
record ServerSection(String name, ServerRestrictions restrictions) {

    /** @throws ConfigurationException naming the handler and the known servers when the name is unknown */
    static ServerSection configured(String handler, Configuration config, RestrictionsByServer restrictionsByServer)
        throws ConfigurationException {
        String name = config.getString("server", "smtp").strip();
        ServerRestrictions restrictions = restrictionsByServer.forServer(name).orElseThrow(() -> new ConfigurationException(
            handler + ": <server>" + name + "</server> has no section in conf/policy.cf; known servers: "
                + String.join(", ", restrictionsByServer.servers())));
        return new ServerSection(name, restrictions);
    }
}
