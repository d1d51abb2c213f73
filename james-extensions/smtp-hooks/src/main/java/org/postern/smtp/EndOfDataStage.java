package org.postern.smtp;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.policy.restriction.TransactionPolicy;
import org.postern.policy.verdict.MailVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the message (the final dot): smtpd_end_of_data_restrictions; a DISCARD found on the way accepts the
 * message and drops it. The message that is accepted gets the door's verdict as a mail attribute
 * ({@link VerdictAttribute}): how each recipient was classified, and the message actions (HOLD, REDIRECT, BCC,
 * PREPEND) that access maps and policy services asked for, which the mail pipeline carries out.
 */
public class EndOfDataStage implements MessageHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(EndOfDataStage.class);
    private static final AttachmentKey<MailVerdict> VERDICT = AttachmentKey.of("postern.policy.verdict", MailVerdict.class);

    private final RestrictionsByServer restrictions;

    @Inject
    public EndOfDataStage(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        TransactionPolicy policy = PolicySession.policy(session, restrictions);
        try {
            int recipients = mail.getRecipients() == null ? 0 : mail.getRecipients().size();
            SmtpTransaction snapshot = PolicySession.snapshot(session).toBuilder()
                .protocolState(ProtocolState.END_OF_MESSAGE).recipientCount(recipients)
                .messageSize(mail.getSize()).saslUsername(PolicySession.login(session)).build();
            Decision decision = policy.endOfData(snapshot);
            if (decision.accepts() && policy.discardsMessage()) {
                LOGGER.info("{} discarded by {}: {}", session.getSessionID(), decision.list(), decision.check());
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.ok())
                    .smtpReturnCode("250")
                    .smtpDescription("2.0.0 Ok: discarded")
                    .build();
            }
            if (decision.accepts()) {
                session.setAttachment(VERDICT, policy.verdict(snapshot), ProtocolSession.State.Transaction);
            }
            return PolicySession.result(decision);
        } finally {
            policy.reset();
        }
    }

    /** Runs once the message is accepted, before it is queued. */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(VERDICT, ProtocolSession.State.Transaction).ifPresent(verdict -> {
            VerdictAttribute.set(mail, verdict);
            if (!verdict.actions().isEmpty()) {
                LOGGER.info("{} mail {}: actions for the pipeline: {}", session.getSessionID(), mail.getName(), verdict.actions());
            }
        });
        return HookResult.DECLINED;
    }
}
