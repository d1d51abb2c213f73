package org.postern.smtp;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;
import org.postern.policy.restriction.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's restriction lists (smtpd_client/helo/sender/relay/recipient/data/end_of_data_restrictions from
 * conf/policy.cf) at every SMTP stage of one server, named in smtpserver.xml:
 * <pre>{@code <handler class="org.postern.smtp.RestrictionHooks"><server>submission</server></handler>}</pre>
 * Listed before James's core handlers. It keeps the connection's {@link TransactionPolicy} in the session,
 * gives it what the client sent (MAIL FROM and RCPT TO arguments are captured before James appends its
 * default domain to bare addresses; a bare recipient is judged with that domain, as the address mail will be
 * delivered to) and turns each refusal into the reply Postfix would send. A DISCARD
 * accepts the message and drops it. The policy core logs each rejection and warning in Postfix's shape.
 */
public class RestrictionHooks implements CommandHandler<SMTPSession>, HeloHook, MailHook,
    RcptHook, MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RestrictionHooks.class);

    private static final AttachmentKey<TransactionPolicy> POLICY = AttachmentKey.of("postern.policy", TransactionPolicy.class);
    private static final AttachmentKey<SmtpTransaction> SNAPSHOT = AttachmentKey.of("postern.policy.snapshot", SmtpTransaction.class);
    private static final AttachmentKey<Boolean> EXTENDED_HELO = AttachmentKey.of("postern.policy.ehlo", Boolean.class);
    private static final AttachmentKey<String> SENDER_AS_SENT = AttachmentKey.of("postern.policy.sender", String.class);
    private static final AttachmentKey<String> RECIPIENT_AS_SENT = AttachmentKey.of("postern.policy.recipient", String.class);

    private final RestrictionsByServer restrictionsByServer;
    private String server = "smtp";
    private ServerRestrictions restrictions;

    @Inject
    public RestrictionHooks(RestrictionsByServer restrictionsByServer) {
        this.restrictionsByServer = restrictionsByServer;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        ServerSection section = ServerSection.configured("RestrictionHooks", config, restrictionsByServer);
        server = section.name();
        restrictions = section.restrictions();
    }

    // --- connect ---------------------------------------------------------------------------------

    /**
     * The connection's policy, made at its first command (James 3.8.1's connect statistics cannot take a
     * connect handler that has nothing to say). With smtpd_delay_reject = no a refused client is answered
     * at every command by the policy itself.
     */
    private Optional<TransactionPolicy> policy(SMTPSession session) {
        Optional<TransactionPolicy> existing = session.getAttachment(POLICY, ProtocolSession.State.Connection);
        if (existing.isPresent()) {
            return existing;
        }
        TransactionPolicy policy = restrictions().newConnection();
        InetSocketAddress remote = session.getRemoteAddress();
        InetSocketAddress local = session.getLocalAddress();
        String clientAddress = remote.getAddress().getHostAddress();
        // looked up by the listener before the greeting, without holding an I/O thread
        String clientName = ClientConnection.hostname(session).orElseGet(() -> restrictions().clientHostname(clientAddress));
        SmtpTransaction snapshot = SmtpTransaction.connectedFrom(clientAddress, clientName)
            .clientPort(remote.getPort())
            .serverAddress(local == null || local.getAddress() == null ? "" : local.getAddress().getHostAddress())
            .serverPort(local == null ? 0 : local.getPort())
            .serverName(server)
            .instance(session.getSessionID())
            .build();
        session.setAttachment(POLICY, policy, ProtocolSession.State.Connection);
        session.setAttachment(SNAPSHOT, snapshot, ProtocolSession.State.Connection);
        policy.connect(snapshot);
        return Optional.of(policy);
    }

    // --- commands as sent ---------------------------------------------------------------------------

    @Override
    public Collection<String> getImplCommands() {
        return List.of("HELO", "EHLO", "MAIL", "RCPT", "RSET", "DATA");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        String argument = request.getArgument() == null ? "" : request.getArgument();
        switch (command) {
            case "HELO", "EHLO" -> session.setAttachment(EXTENDED_HELO, command.equals("EHLO"), ProtocolSession.State.Connection);
            case "MAIL" -> ClientAddress.inArgument(argument, "FROM:")
                .ifPresentOrElse(address -> session.setAttachment(SENDER_AS_SENT, address, ProtocolSession.State.Transaction),
                    () -> session.removeAttachment(SENDER_AS_SENT, ProtocolSession.State.Transaction));
            case "RCPT" -> ClientAddress.inArgument(argument, "TO:")
                .ifPresentOrElse(address -> session.setAttachment(RECIPIENT_AS_SENT, address, ProtocolSession.State.Transaction),
                    () -> session.removeAttachment(RECIPIENT_AS_SENT, ProtocolSession.State.Transaction));
            case "RSET" -> session.getAttachment(POLICY, ProtocolSession.State.Connection).ifPresent(TransactionPolicy::reset);
            case "DATA" -> {
                return dataCommand(session);
            }
            default -> {
            }
        }
        return null;
    }

    private Response dataCommand(SMTPSession session) {
        Optional<List<MailAddress>> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction);
        Optional<TransactionPolicy> policy = policy(session);
        if (recipients.isEmpty() || recipients.get().isEmpty() || policy.isEmpty()) {
            // James answers "no valid recipients" itself, as Postfix does before its data restrictions
            return null;
        }
        Decision decision = policy.get().data(snapshot(session).toBuilder().protocolState(ProtocolState.DATA)
            .recipientCount(recipients.get().size()).saslUsername(login(session))
            .illegalPipelining(CommandPipelining.improper(session)).build());
        if (decision.accepts()) {
            return null;
        }
        return new SMTPResponse(String.valueOf(decision.code()), description(decision));
    }

    // --- hooks ---------------------------------------------------------------------------------------

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        Optional<TransactionPolicy> policy = policy(session);
        if (policy.isEmpty()) {
            return HookResult.DECLINED;
        }
        boolean extended = session.getAttachment(EXTENDED_HELO, ProtocolSession.State.Connection).orElse(true);
        SmtpTransaction snapshot = snapshot(session).withHelo(helo, extended);
        Decision decision = policy.get().helo(snapshot);
        if (decision.accepts()) {
            session.setAttachment(SNAPSHOT, snapshot, ProtocolSession.State.Connection);
        }
        return result(decision);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<TransactionPolicy> policy = policy(session);
        if (policy.isEmpty()) {
            return HookResult.DECLINED;
        }
        String asSent = session.getAttachment(SENDER_AS_SENT, ProtocolSession.State.Transaction).orElse(sender.asString(""));
        SmtpTransaction snapshot = snapshot(session).withSender(asSent).toBuilder().saslUsername(login(session))
            .illegalPipelining(CommandPipelining.improper(session)).build();
        Decision decision = policy.get().mail(snapshot);
        if (decision.accepts()) {
            session.setAttachment(SNAPSHOT, snapshot, ProtocolSession.State.Connection);
        }
        return result(decision);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<TransactionPolicy> policy = policy(session);
        if (policy.isEmpty()) {
            return HookResult.DECLINED;
        }
        String asSent = session.getAttachment(RECIPIENT_AS_SENT, ProtocolSession.State.Transaction).orElse(rcpt.asString());
        int accepted = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction).map(List::size).orElse(0);
        // the lists judge the address mail will be delivered to: for a bare name, with James's default domain
        boolean domainAppended = !asSent.isEmpty() && asSent.indexOf('@') < 0;
        SmtpTransaction snapshot = snapshot(session).withRecipient(domainAppended ? rcpt.asString() : asSent).toBuilder()
            .recipientDomainAppended(domainAppended).recipientCount(accepted).saslUsername(login(session)).illegalPipelining(CommandPipelining.improper(session)).build();
        Decision decision = policy.get().rcpt(snapshot);
        if (decision.accepts() && !session.isRelayingAllowed() && restrictions().isRemote(rcpt.getDomain().asString())) {
            // The lists authorised this relay (permit_mynetworks, an access map OK...): tell James, whose own
            // relay check and the mail pipeline's relay matcher (SMTPIsAuthNetwork) would refuse it otherwise.
            session.setRelayingAllowed(true);
        }
        return result(decision);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        Optional<TransactionPolicy> policy = policy(session);
        if (policy.isEmpty()) {
            return HookResult.DECLINED;
        }
        try {
            int recipients = mail.getRecipients() == null ? 0 : mail.getRecipients().size();
            Decision decision = policy.get().endOfData(snapshot(session).toBuilder()
                .protocolState(ProtocolState.END_OF_MESSAGE).recipientCount(recipients)
                .messageSize(mail.getSize()).saslUsername(login(session)).build());
            if (decision.accepts() && policy.get().discardsMessage()) {
                LOGGER.info("{} discarded by {}: {}", session.getSessionID(), decision.list(), decision.check());
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.ok())
                    .smtpReturnCode("250")
                    .smtpDescription("2.0.0 Ok: discarded")
                    .build();
            }
            return result(decision);
        } finally {
            policy.get().reset();
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private ServerRestrictions restrictions() {
        if (restrictions == null) {
            restrictions = restrictionsByServer.forServer(server).orElseThrow();
        }
        return restrictions;
    }

    private static SmtpTransaction snapshot(SMTPSession session) {
        return session.getAttachment(SNAPSHOT, ProtocolSession.State.Connection).orElseThrow();
    }

    private static String login(SMTPSession session) {
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

    private static String description(Decision decision) {
        return decision.enhancedStatus().isEmpty() ? decision.text() : decision.enhancedStatus() + " " + decision.text();
    }

}
