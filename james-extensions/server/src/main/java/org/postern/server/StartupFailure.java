package org.postern.server;

import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;

/**
 * Turns whatever stopped startup into the one line an admin needs. Guice wraps the real cause in
 * layers of provisioning errors; the useful part is an {@link InvalidConfigurationException}, a
 * configuration file error or a bind failure somewhere down the chain.
 */
final class StartupFailure {
    private StartupFailure() {
    }

    static String describe(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException) {
                return cause.getMessage();
            }
            if (cause instanceof org.apache.commons.configuration2.ex.ConfigurationException
                || cause instanceof BindException) {
                return fileOf(cause).map(file -> "conf/" + file + ": ").orElse("")
                    + cause.getMessage() + describeCause(cause.getCause());
            }
            deepest = cause;
        }
        return deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
    }

    /** James's configuration errors rarely name their file; the component that threw them does. */
    private static final Map<String, String> FILE_BY_COMPONENT = new LinkedHashMap<>();

    static {
        FILE_BY_COMPONENT.put("org.apache.james.mailetcontainer.", "mailetcontainer.xml");
        FILE_BY_COMPONENT.put("org.apache.james.transport.", "mailetcontainer.xml");
        FILE_BY_COMPONENT.put("org.apache.james.smtpserver.", "smtpserver.xml");
        FILE_BY_COMPONENT.put("org.apache.james.imapserver.", "imapserver.xml");
        FILE_BY_COMPONENT.put("org.apache.james.pop3server.", "pop3server.xml");
        FILE_BY_COMPONENT.put("org.apache.james.managesieveserver.", "managesieveserver.xml");
        FILE_BY_COMPONENT.put("org.apache.james.dnsservice.", "dnsservice.xml");
        FILE_BY_COMPONENT.put("org.postern.dns.", "dnsservice.xml");
        FILE_BY_COMPONENT.put("org.apache.james.domainlist.", "domainlist.xml");
        FILE_BY_COMPONENT.put("org.apache.james.user.", "usersrepository.xml");
        FILE_BY_COMPONENT.put("org.apache.james.rrt.", "recipientrewritetable.xml");
        FILE_BY_COMPONENT.put("org.apache.james.mailrepository.", "mailrepositorystore.xml");
        FILE_BY_COMPONENT.put("org.apache.james.webadmin.", "webadmin.properties");
    }

    private static Optional<String> fileOf(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            for (Map.Entry<String, String> component : FILE_BY_COMPONENT.entrySet()) {
                if (frame.getClassName().startsWith(component.getKey())) {
                    return Optional.of(component.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static String describeCause(Throwable cause) {
        return cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
    }
}
