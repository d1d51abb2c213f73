package org.postern.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.postern.policy.restriction.Decision;
import org.postern.policy.restriction.ProtocolState;
import org.postern.policy.restriction.RestrictionsByServer;

/**
 * DATA: smtpd_data_restrictions, once the client has recipients (without any, James answers "no valid recipients",
 * as Postfix does before its data restrictions).
 */
public class DataStage implements CommandHandler<SMTPSession> {
    private final RestrictionsByServer restrictions;

    @Inject
    public DataStage(RestrictionsByServer restrictions) {
        this.restrictions = restrictions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("DATA");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Optional<List<MailAddress>> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction);
        if (recipients.isEmpty() || recipients.get().isEmpty()) {
            return null;
        }
        Decision decision = PolicySession.policy(session, restrictions).data(PolicySession.snapshot(session).toBuilder()
            .protocolState(ProtocolState.DATA).recipientCount(recipients.get().size()).saslUsername(PolicySession.login(session))
            .illegalPipelining(CommandPipelining.improper(session)).build());
        return decision.accepts() ? null : PolicySession.response(decision);
    }
}
