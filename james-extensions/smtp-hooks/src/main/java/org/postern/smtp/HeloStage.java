package org.postern.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;

/**
 * HELO and EHLO before the restriction lists: with smtpd_delay_reject = no the helo list
 * (smtpd_helo_restrictions) answers here; otherwise the name is kept for the lists run at RCPT. It notes whether
 * the client said EHLO or HELO (reject_unauth_pipelining and policy services need it).
 */
public class HeloStage implements CommandHandler<SMTPSession>, HeloHook {
    private static final AttachmentKey<Boolean> EXTENDED = AttachmentKey.of("postern.policy.ehlo", Boolean.class);

    private final RestrictionsByServer restrictions;

    @Inject
    public HeloStage(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("HELO", "EHLO");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        session.setAttachment(EXTENDED, request.getCommand().toUpperCase(Locale.ROOT).equals("EHLO"),
            ProtocolSession.State.Connection);
        return null;
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        TransactionPolicy policy = PolicySession.policy(session, restrictions);
        boolean extended = session.getAttachment(EXTENDED, ProtocolSession.State.Connection).orElse(true);
        SmtpTransaction snapshot = PolicySession.snapshot(session).withHelo(helo, extended);
        Decision decision = policy.helo(snapshot);
        if (decision.accepts()) {
            PolicySession.remember(session, snapshot);
        }
        return PolicySession.result(decision);
    }
}
