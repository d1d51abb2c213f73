package org.postern.smtp;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;

/**
 * RCPT TO: the delayed client, helo and sender lists, then the relay and recipient lists
 * (smtpd_relay_restrictions: {@code 554 5.7.1 <x@y>: Relay access denied}; unknown users:
 * {@code 550 5.1.1 ... User unknown in virtual mailbox table}). A bare recipient is judged as the address mail
 * will be delivered to, with James's default domain; reject_non_fqdn_recipient still sees what was sent. A
 * recipient the lists accept is noted, with its class, for the message's verdict.
 */
public class RcptStage implements CommandHandler<SMTPSession>, RcptHook {
    private static final AttachmentKey<String> AS_SENT = AttachmentKey.of("postern.policy.recipient", String.class);

    private final RestrictionsByServer restrictions;

    @Inject
    public RcptStage(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("RCPT");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        ClientAddress.inArgument(request.getArgument() == null ? "" : request.getArgument(), "TO:")
            .ifPresentOrElse(address -> session.setAttachment(AS_SENT, address, ProtocolSession.State.Transaction),
                () -> session.removeAttachment(AS_SENT, ProtocolSession.State.Transaction));
        return null;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        TransactionPolicy policy = PolicySession.policy(session, restrictions);
        String asSent = session.getAttachment(AS_SENT, ProtocolSession.State.Transaction).orElse(rcpt.asString());
        int accepted = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction).map(List::size).orElse(0);
        // the lists judge the address mail will be delivered to: for a bare name, with James's default domain
        boolean domainAppended = !asSent.isEmpty() && asSent.indexOf('@') < 0;
        SmtpTransaction snapshot = PolicySession.snapshot(session).withRecipient(domainAppended ? rcpt.asString() : asSent)
            .toBuilder().recipientDomainAppended(domainAppended).recipientCount(accepted)
            .saslUsername(PolicySession.login(session)).illegalPipelining(CommandPipelining.improper(session)).build();
        Decision decision = policy.rcpt(snapshot, rcpt.asString());
        ServerRestrictions server = ServerSection.restrictions(session, restrictions);
        if (decision.accepts() && !session.isRelayingAllowed() && server.isRemote(rcpt.getDomain().asString())) {
            // The lists authorised this relay (permit_mynetworks, an access map OK...): tell James, whose own relay
            // check would refuse it otherwise. The pipeline relays by the verdict's recipient classes.
            session.setRelayingAllowed(true);
        }
        return PolicySession.result(decision);
    }
}
