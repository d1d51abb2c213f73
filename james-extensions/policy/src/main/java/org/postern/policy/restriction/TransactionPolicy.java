package org.postern.policy.restriction;

import java.util.List;

import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.RecipientVerdict;

/**
 * What to answer at each SMTP command of one connection, Postfix's smtpd_check_* sequence:
 * <ul>
 * <li>with {@code smtpd_delay_reject = yes} (the default) connect, HELO and MAIL FROM are accepted and the
 * client, HELO and sender lists run at each RCPT TO, followed by the relay and recipient lists. The
 * rejection thus names the recipient in the log, and a list can test any field (check_recipient_access
 * in smtpd_client_restrictions works). Each list is evaluated on its own: a PERMIT in one does not skip
 * the next;</li>
 * <li>with {@code smtpd_delay_reject = no} each list runs at its own command; a rejected client is
 * answered {@code 503 5.7.0 Error: access denied for name[addr]} to every later command;</li>
 * <li>{@code smtpd_helo_required}: MAIL FROM before HELO gets {@code 503 5.5.1 Error: send HELO/EHLO first};</li>
 * <li>a temporary failure kept by defer_if_permit in an earlier stage defers the next RCPT TO unless that
 * is rejected anyway; an implicit reject_unlisted_recipient ends the RCPT checks
 * ({@code smtpd_reject_unlisted_recipient}); a recipient of plain {@code postmaster} is accepted whatever
 * the lists say, when it can be delivered.</li>
 * </ul>
 * One instance per connection, used by one thread at a time (the SMTP session's); not thread-safe.
 */
public final class TransactionPolicy {
    private final ServerRestrictions server;
    private final EngineParameters settings;
    private SmtpReply accessDenied;
    private EvaluationState.Deferral deferredSinceClient;
    private EvaluationState.Deferral deferredSinceHelo;
    private EvaluationState.Deferral deferredSinceSender;
    private Decision discarded;
    private final AcceptedMessage message = new AcceptedMessage();

    TransactionPolicy(ServerRestrictions server) {
        this.server = server;
        this.settings = server.engine();
    }

    /** The client connected: with delay_reject=no the client list decides now (the reply replaces the greeting). */
    public Decision connect(SmtpTransaction transaction) {
        if (settings.delayReject()) {
            return Decision.accept();
        }
        EvaluationState state = new EvaluationState();
        Decision decision = runStage(state, Stage.CLIENT, transaction);
        deferredSinceClient = state.deferIfPermit;
        if (!decision.accepts()) {
            accessDenied = decision.reply().orElseThrow();
        }
        return decision;
    }

    /** HELO/EHLO: with delay_reject=no the HELO list decides now; a rejected HELO name is not to be kept. */
    public Decision helo(SmtpTransaction transaction) {
        if (accessDenied != null) {
            return deniedAccess(transaction);
        }
        if (settings.delayReject()) {
            return Decision.accept();
        }
        EvaluationState state = new EvaluationState();
        state.deferIfPermit = deferredSinceClient;
        Decision decision = runStage(state, Stage.HELO, transaction);
        deferredSinceHelo = state.deferIfPermit;
        return decision;
    }

    /** MAIL FROM. */
    public Decision mail(SmtpTransaction transaction) {
        Decision decision = mailDecision(transaction);
        if (decision.accepts()) {
            message.clear();
            message.noteActions(decision);
        }
        return decision;
    }

    private Decision mailDecision(SmtpTransaction transaction) {
        if (accessDenied != null) {
            return deniedAccess(transaction);
        }
        if (settings.heloRequired() && transaction.heloName().isEmpty()) {
            return Decision.refuse(new SmtpReply(503, "5.5.1", "Error: send HELO/EHLO first"), "smtpd_helo_required");
        }
        discarded = null;
        if (settings.delayReject()) {
            return Decision.accept();
        }
        EvaluationState state = new EvaluationState();
        state.deferIfPermit = deferredSinceHelo != null ? deferredSinceHelo : deferredSinceClient;
        Decision decision = senderStage(state, transaction);
        deferredSinceSender = state.deferIfPermit;
        return notedDiscard(decision);
    }

    /**
     * RCPT TO: the delayed client, HELO and sender lists, then relay and recipient lists. An accepted recipient is
     * noted for the verdict with its class and what accepted it, with the message actions found on the way.
     */
    public Decision rcpt(SmtpTransaction transaction) {
        return rcpt(transaction, transaction.recipient().orElseThrow());
    }

    /**
     * {@link #rcpt(SmtpTransaction)}, the recipient noted for the verdict as {@code envelopeAddress}: the spelling
     * the mail will carry (the SMTP server's parsed address, which may differ from the text the client sent, as
     * {@code john@[192.0.2.1]} does from {@code john@192.0.2.1}), so that the pipeline finds it.
     */
    public Decision rcpt(SmtpTransaction transaction, String envelopeAddress) {
        Decision decision = rcptDecision(transaction);
        if (decision.accepts() && decision.verdict() != Verdict.DISCARD) {
            String recipient = transaction.recipient().orElseThrow();
            message.noteRecipient(new RecipientVerdict(envelopeAddress, server.classify(recipient), decision.list(),
                decision.check()));
            message.noteActions(decision);
        }
        return decision;
    }

    private Decision rcptDecision(SmtpTransaction transaction) {
        if (accessDenied != null) {
            return deniedAccess(transaction);
        }
        // RFC 5321 section 4.5.1: plain "postmaster" is accepted whatever the lists say, as Postfix does; but
        // only when mail to it can be delivered, so that no message is accepted only to bounce
        if (transaction.recipientAsSent().orElse("").equalsIgnoreCase("postmaster")) {
            return server.unlistedCheck(AddressRole.RECIPIENT)
                .map(check -> implicitUnlisted(new EvaluationState(), AddressRole.RECIPIENT, check, transaction,
                    "smtpd_reject_unlisted_recipient", Decision.accept()))
                .orElse(Decision.accept());
        }
        if (discarded != null) {
            return discarded;
        }
        EvaluationState state = new EvaluationState();
        if (settings.delayReject()) {
            Decision early = runStage(state, Stage.CLIENT, transaction);
            if (early.accepts() && !state.discard) {
                early = runStage(state, Stage.HELO, transaction);
            }
            if (early.accepts() && !state.discard) {
                early = senderStage(state, transaction);
            }
            if (!early.accepts()) {
                return early;
            }
            if (state.discard) {
                return notedDiscard(early);
            }
        } else {
            state.deferIfPermit = deferredSinceSender;
        }
        state.startStage();
        Stage first = settings.relayBeforeRecipientRestrictions() ? Stage.RELAY : Stage.RECIPIENT;
        Stage second = first == Stage.RELAY ? Stage.RECIPIENT : Stage.RELAY;
        Decision decision = runList(state, first, transaction, Decision.accept());
        if (decision.accepts() && !state.discard) {
            decision = runList(state, second, transaction, decision);
        }
        decision = RestrictionList.enforceDeferIfPermit(state, transaction, Stage.RECIPIENT, settings, decision);
        if (decision.accepts() && !state.discard && settings.rejectUnlistedRecipient()
            && server.unlistedCheck(AddressRole.RECIPIENT).isPresent()) {
            decision = implicitUnlisted(state, AddressRole.RECIPIENT, server.unlistedCheck(AddressRole.RECIPIENT).get(),
                transaction, "smtpd_reject_unlisted_recipient", decision);
        }
        if (state.discard) {
            return notedDiscard(decision);
        }
        return decision;
    }

    /** DATA: the data list, with deferrals of its own only. */
    public Decision data(SmtpTransaction transaction) {
        Decision decision = lateStage(Stage.DATA, transaction);
        message.noteActions(decision);
        return decision;
    }

    /** End of message (after the final dot). */
    public Decision endOfData(SmtpTransaction transaction) {
        Decision decision = lateStage(Stage.END_OF_DATA, transaction);
        message.noteActions(decision);
        return decision;
    }

    /**
     * What the door decided about the message being accepted: every accepted recipient, the message actions of
     * every accepted command. Asked for after the end-of-data decision, before {@link #reset}.
     */
    public MailVerdict verdict(SmtpTransaction transaction) {
        return message.verdict(transaction);
    }

    /** RSET, or the end of a message: the next transaction starts from the HELO stage. */
    public void reset() {
        message.clear();
        discarded = null;
        deferredSinceSender = null;
    }

    /** True when an access map said DISCARD: the accepted message must be dropped silently. */
    public boolean discardsMessage() {
        return discarded != null;
    }

    private Decision lateStage(Stage stage, SmtpTransaction transaction) {
        if (accessDenied != null) {
            return deniedAccess(transaction);
        }
        if (discarded != null) {
            return discarded;
        }
        EvaluationState state = new EvaluationState();
        Decision decision = runStage(state, stage, transaction);
        decision = RestrictionList.enforceDeferIfPermit(state, transaction, stage, settings, decision);
        return state.discard ? notedDiscard(decision) : decision;
    }

    /** Sender list plus the implicit reject_unlisted_sender, Postfix's smtpd_check_mail. */
    private Decision senderStage(EvaluationState state, SmtpTransaction transaction) {
        Decision decision = runStage(state, Stage.SENDER, transaction);
        boolean realSender = transaction.sender().map(sender -> !sender.isEmpty()).orElse(false);
        if (decision.accepts() && !state.discard && realSender && settings.rejectUnlistedSender()
            && server.unlistedCheck(AddressRole.SENDER).isPresent()) {
            decision = implicitUnlisted(state, AddressRole.SENDER, server.unlistedCheck(AddressRole.SENDER).get(),
                transaction, "smtpd_reject_unlisted_sender", decision);
        }
        return decision;
    }

    /** One stage on its own (client, HELO, sender, DATA, end of data), skipped when its subject is absent. */
    private Decision runStage(EvaluationState state, Stage stage, SmtpTransaction transaction) {
        if ((stage == Stage.HELO && transaction.heloName().isEmpty())
            || (stage == Stage.SENDER && transaction.sender().isEmpty())) {
            return Decision.accept();
        }
        state.startStage();
        return runList(state, stage, transaction, Decision.accept());
    }

    private Decision runList(EvaluationState state, Stage stage, SmtpTransaction transaction, Decision previous) {
        RestrictionList list = server.list(stage);
        if (list.isEmpty()) {
            return previous;
        }
        Decision decision = list.run(state, transaction, stage);
        // A DUNNO list keeps the earlier list's PERMIT as the reason the command is accepted.
        if (decision.verdict() == Verdict.DUNNO && previous.verdict() != Verdict.DUNNO) {
            return new Decision(previous.verdict(), previous.reply(), previous.check(), previous.list(), false,
                state.dryRuns, state.sideEffects);
        }
        return decision;
    }

    private Decision implicitUnlisted(EvaluationState state, AddressRole role, Restriction check,
                                      SmtpTransaction transaction, String setting, Decision previous) {
        Stage stage = role == AddressRole.SENDER ? Stage.SENDER : Stage.RECIPIENT;
        state.startList(setting);
        state.currentCheck = check.name();
        CheckContext context = new CheckContext(state, transaction, stage, stage.subjectName(transaction),
            stage.subjectClass(), settings);
        Outcome outcome = context.run(List.of(new RestrictionList.Entry(check, false)));
        if (outcome.isDunno()) {
            return previous;
        }
        return RestrictionList.decision(state, outcome, state.currentCheck, setting);
    }

    /** Remembers a DISCARD for the rest of the transaction, as Postfix keeps state->discard until RSET. */
    private Decision notedDiscard(Decision decision) {
        if (decision.verdict() == Verdict.DISCARD) {
            discarded = decision;
            return decision;
        }
        return decision;
    }

    private Decision deniedAccess(SmtpTransaction transaction) {
        return Decision.refuse(new SmtpReply(503, "5.7.0", "Error: access denied for " + transaction.clientNameAndAddress()),
            "smtpd_client_restrictions");
    }
}
