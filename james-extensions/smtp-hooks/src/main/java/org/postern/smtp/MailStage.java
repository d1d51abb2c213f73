package org.postern.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;

/**
 * MAIL FROM, and RSET: a new mail transaction. smtpd_helo_required is answered here, and with
 * smtpd_delay_reject = no the sender list (smtpd_sender_restrictions). The sender is judged as the client wrote
 * it, before James appends its default domain to a bare name.
 */
public class MailStage implements CommandHandler<SMTPSession>, MailHook {
    private static final AttachmentKey<String> AS_SENT = AttachmentKey.of("postern.policy.sender", String.class);

    private final RestrictionsByServer restrictions;

    @Inject
    public MailStage(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("MAIL", "RSET");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (request.getCommand().toUpperCase(Locale.ROOT).equals("RSET")) {
            PolicySession.existingPolicy(session).ifPresent(TransactionPolicy::reset);
            return null;
        }
        ClientAddress.inArgument(request.getArgument() == null ? "" : request.getArgument(), "FROM:")
            .ifPresentOrElse(address -> session.setAttachment(AS_SENT, address, ProtocolSession.State.Transaction),
                () -> session.removeAttachment(AS_SENT, ProtocolSession.State.Transaction));
        return null;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        TransactionPolicy policy = PolicySession.policy(session, restrictions);
        String asSent = session.getAttachment(AS_SENT, ProtocolSession.State.Transaction).orElse(sender.asString(""));
        SmtpTransaction snapshot = PolicySession.snapshot(session).withSender(asSent).toBuilder()
            .saslUsername(PolicySession.login(session)).illegalPipelining(CommandPipelining.improper(session)).build();
        Decision decision = policy.mail(snapshot);
        if (decision.accepts()) {
            PolicySession.remember(session, snapshot);
        }
        return PolicySession.result(decision);
    }
}
