package org.postern.smtp;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;
import org.postern.policy.restriction.Verdict;

/**
 * What the restriction stages ({@link HeloStage}, {@link MailStage}, {@link RcptStage}, {@link DataStage},
 * {@link EndOfDataStage}) share on one SMTP session: the connection's {@link TransactionPolicy}, made at the first
 * command that needs it, and the snapshot of what the client has said so far; and how a decision becomes a reply.
 */
final class PolicySession {
    private static final AttachmentKey<TransactionPolicy> POLICY = AttachmentKey.of("postern.policy", TransactionPolicy.class);
    private static final AttachmentKey<SmtpTransaction> SNAPSHOT = AttachmentKey.of("postern.policy.snapshot", SmtpTransaction.class);

    private PolicySession() {
    }

    /**
     * The connection's policy, made at its first command (James 3.8.1's connect statistics cannot take a connect
     * handler that has nothing to say). With smtpd_delay_reject = no a refused client is answered at every
     * command by the policy itself.
     */
    static TransactionPolicy policy(SMTPSession session, RestrictionsByServer byServer) {
        Optional<TransactionPolicy> existing = session.getAttachment(POLICY, ProtocolSession.State.Connection);
        if (existing.isPresent()) {
            return existing.get();
        }
        ServerRestrictions restrictions = ServerSection.restrictions(session, byServer);
        TransactionPolicy policy = restrictions.newConnection();
        InetSocketAddress remote = session.getRemoteAddress();
        InetSocketAddress local = session.getLocalAddress();
        String clientAddress = remote.getAddress().getHostAddress();
        // looked up by the listener before the greeting, without holding an I/O thread
        String clientName = ClientConnection.hostname(session).orElseGet(() -> restrictions.clientHostname(clientAddress));
        SmtpTransaction snapshot = SmtpTransaction.connectedFrom(clientAddress, clientName)
            .clientPort(remote.getPort())
            .serverAddress(local == null || local.getAddress() == null ? "" : local.getAddress().getHostAddress())
            .serverPort(local == null ? 0 : local.getPort())
            .serverName(ServerSection.name(session))
            .instance(session.getSessionID())
            .build();
        session.setAttachment(POLICY, policy, ProtocolSession.State.Connection);
        session.setAttachment(SNAPSHOT, snapshot, ProtocolSession.State.Connection);
        policy.connect(snapshot);
        return policy;
    }

    /** The connection's policy if a command already made it. */
    static Optional<TransactionPolicy> existingPolicy(SMTPSession session) {
        return session.getAttachment(POLICY, ProtocolSession.State.Connection);
    }

    /** What the client has said so far; {@link #policy} must have run. */
    static SmtpTransaction snapshot(SMTPSession session) {
        return session.getAttachment(SNAPSHOT, ProtocolSession.State.Connection).orElseThrow();
    }

    /** Keeps what an accepted command said for the commands that follow. */
    static void remember(SMTPSession session, SmtpTransaction snapshot) {
        session.setAttachment(SNAPSHOT, snapshot, ProtocolSession.State.Connection);
    }

    /** The SASL login, or null. */
    static String login(SMTPSession session) {
        Username username = session.getUsername();
        return username == null ? null : username.asString();
    }

    /** The HookResult for a decision: DECLINED lets the next handler (and James) go on. */
    static HookResult result(Decision decision) {
        if (decision.accepts()) {
            return HookResult.DECLINED;
        }
        HookReturnCode.Action action = decision.verdict() == Verdict.DEFER ? HookReturnCode.Action.DENYSOFT : HookReturnCode.Action.DENY;
        // access(5): after a 421 or 521 reply the server disconnects
        boolean disconnect = decision.code() == 421 || decision.code() == 521;
        return HookResult.builder()
            .hookReturnCode(disconnect ? HookReturnCode.disconnected(action) : HookReturnCode.connected(action))
            .smtpReturnCode(String.valueOf(decision.code()))
            .smtpDescription(description(decision))
            .build();
    }

    /** The reply of a command handler for a refusal. */
    static SMTPResponse response(Decision decision) {
        return new SMTPResponse(String.valueOf(decision.code()), description(decision));
    }

    private static String description(Decision decision) {
        return decision.enhancedStatus().isEmpty() ? decision.text() : decision.enhancedStatus() + " " + decision.text();
    }
}
