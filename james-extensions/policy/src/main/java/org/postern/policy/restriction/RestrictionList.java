package org.postern.policy.restriction;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One parsed restriction list, e.g. {@code smtpd_recipient_restrictions = permit_mynetworks,
 * reject_unauth_destination}. Restrictions run in order; the first answer other than DUNNO ends the
 * list; an exhausted list answers DUNNO, which accepts the command. {@code warn_if_reject} turns the next
 * restriction's rejection into a logged warning. Immutable and thread-safe.
 */
public final class RestrictionList {

    /** One restriction and whether {@code warn_if_reject} precedes it. */
    public record Entry(Restriction restriction, boolean warnIfReject) {
        @Override
        public String toString() {
            return warnIfReject ? "warn_if_reject " + restriction.name() : restriction.name();
        }
    }

    private final Stage stage;
    private final List<Entry> entries;
    private final EngineParameters engine;

    public RestrictionList(Stage stage, List<Entry> entries, EngineParameters engine) {
        this.stage = stage;
        this.entries = List.copyOf(entries);
        this.engine = engine;
    }

    /** The main.cf parameter this list came from. */
    public String name() {
        return stage.parameterName();
    }

    public Stage stage() {
        return stage;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Evaluates the list at its own stage. */
    public Decision evaluate(SmtpTransaction transaction) {
        return evaluate(transaction, stage);
    }

    /**
     * Evaluates the list on its own: a deferral kept by defer_if_permit (a temporary DNS failure, say) is
     * answered if the list does not reject.
     *
     * @param stage the stage whose subject rejections name (normally the list's own)
     */
    public Decision evaluate(SmtpTransaction transaction, Stage stage) {
        EvaluationState state = new EvaluationState();
        state.startStage();
        Decision decision = run(state, transaction, stage);
        return enforceDeferIfPermit(state, transaction, stage, engine, decision);
    }

    /** Runs the list on shared state; the caller decides when pending deferrals apply. */
    Decision run(EvaluationState state, SmtpTransaction transaction, Stage stage) {
        state.startList(name());
        CheckContext context = new CheckContext(state, transaction, stage, stage.subjectName(transaction),
            stage.subjectClass(), engine);
        Outcome outcome = context.run(entries);
        String check = outcome.isDunno() ? "" : state.currentCheck;
        return decision(state, outcome, check, outcome.isDunno() ? "" : name());
    }

    /**
     * Postfix's "force permission into deferral": when a temporary failure was kept by defer_if_permit and
     * nothing rejected, the request is deferred with that failure's reply.
     */
    static Decision enforceDeferIfPermit(EvaluationState state, SmtpTransaction transaction, Stage stage,
                                         EngineParameters engine, Decision decision) {
        if (decision.verdict() == Verdict.REJECT || decision.verdict() == Verdict.DEFER || state.deferIfPermit == null) {
            return decision;
        }
        EvaluationState.Deferral deferral = state.deferIfPermit;
        state.deferIfPermit = null;
        state.warnLevel = 0;
        state.deferIfReject = null;
        CheckContext context = new CheckContext(state, transaction, stage, stage.subjectName(transaction),
            stage.subjectClass(), engine);
        Outcome outcome = context.reject(deferral.errorClass(), deferral.code(), deferral.enhancedStatus(),
            deferral.text());
        return decision(state, outcome, deferral.check(), deferral.list());
    }

    static Decision decision(EvaluationState state, Outcome outcome, String check, String list) {
        return new Decision(outcome.verdict(), outcome.reply(), check, list, false, state.dryRuns, state.sideEffects);
    }

    @Override
    public String toString() {
        return name() + " = " + entries.stream().map(Entry::toString).collect(Collectors.joining(", "));
    }
}
