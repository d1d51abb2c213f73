package org.postern.smtp;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;

/**
 * The SMTP server a session belongs to, by the {@code <jmxName>} of its {@code <smtpserver>} in smtpserver.xml,
 * which Postern's listener stamps on every new session; and what conf/policy.cf says for that server (its
 * {@code [section]} over the global values). Handlers thus need no configuration of their own to find their
 * server's lists and limits.
 */
public final class ServerSection {
    /** The server's jmxName, set on each session when it is created. */
    public static final AttachmentKey<String> NAME = AttachmentKey.of("postern.smtp.server", String.class);
    private static final AttachmentKey<ServerRestrictions> RESTRICTIONS = AttachmentKey.of("postern.smtp.restrictions",
        ServerRestrictions.class);

    private ServerSection() {
    }

    /**
     * The restrictions of the session's server.
     *
     * @throws IllegalStateException when the session was not created by Postern's listener or its server has no
     *         lists (neither can happen with the shipped configuration; a handler's failure is answered 451)
     */
    public static ServerRestrictions restrictions(ProtocolSession session, RestrictionsByServer byServer) {
        return session.getAttachment(RESTRICTIONS, ProtocolSession.State.Connection).orElseGet(() -> {
            String name = name(session);
            ServerRestrictions restrictions = byServer.forServer(name).orElseThrow(() -> new IllegalStateException(
                "the SMTP server " + name + " has no restriction lists in conf/policy.cf; known servers: "
                    + String.join(", ", byServer.servers())));
            session.setAttachment(RESTRICTIONS, restrictions, ProtocolSession.State.Connection);
            return restrictions;
        });
    }

    /** The jmxName of the session's server. */
    public static String name(ProtocolSession session) {
        return session.getAttachment(NAME, ProtocolSession.State.Connection).orElseThrow(() -> new IllegalStateException(
            "this SMTP session has no server name: smtpserver.xml must use Postern's SMTP server"));
    }
}
