package org.postern.policy.restriction;

import java.util.List;

import org.postern.policy.syntax.ReplyText;
import org.postern.policy.table.TableLookupException;

/**
 * Everything a restriction may know and do while judging one request: the transaction, the stage and
 * the subject its rejections name, and the Postfix machinery for answering (warn_if_reject
 * dry runs, defer_if_permit / defer_if_reject, soft_bounce, recursion into access-map restriction lists).
 * One context per list evaluation; confined to the thread answering the SMTP command.
 */
public final class CheckContext {
    private static final int MAX_RECURSION = 100;

    private final EvaluationState state;
    private final SmtpTransaction transaction;
    private final Stage stage;
    private final String subjectName;
    private final String subjectClass;
    private final EngineParameters engine;

    CheckContext(EvaluationState state, SmtpTransaction transaction, Stage stage, String subjectName,
                 String subjectClass, EngineParameters engine) {
        this.state = state;
        this.transaction = transaction;
        this.stage = stage;
        this.subjectName = subjectName;
        this.subjectClass = subjectClass;
        this.engine = engine;
    }

    public SmtpTransaction transaction() {
        return transaction;
    }

    /** The stage whose list is being evaluated. */
    public Stage stage() {
        return stage;
    }

    /** What rejections of this list quote between angle brackets: {@code x@y}, {@code host[1.2.3.4]}... */
    public String subjectName() {
        return subjectName;
    }

    /** What rejections of this list call their subject: "Recipient address", "Client host"... */
    public String subjectClass() {
        return subjectClass;
    }

    /** True while the current restriction runs under {@code warn_if_reject}. */
    public boolean isDryRun() {
        return state.warnLevel != 0;
    }

    /**
     * Refuses the request, Postfix's {@code smtpd_check_reject}: under warn_if_reject a warnable rejection
     * is only logged and the list goes on; a pending defer_if_reject turns a 5xx into its deferral;
     * soft_bounce turns 5xx into 4xx; the class digit of the enhanced code follows the reply code.
     */
    public Outcome reject(ErrorClass errorClass, int code, String enhancedStatus, String text) {
        boolean dryRun = state.warnLevel != 0 && errorClass.canBeDryRun();
        SmtpReply reply = validReply(code, enhancedStatus, text);
        if (!dryRun && state.deferIfReject != null && reply.code() / 100 == 5) {
            EvaluationState.Deferral deferral = state.deferIfReject;
            state.deferIfReject = null;
            state.warnLevel = 0;
            return reject(deferral.errorClass(), deferral.code(), deferral.enhancedStatus(), deferral.text());
        }
        if (engine.softBounce() && reply.code() / 100 == 5) {
            reply = new SmtpReply(reply.code() - 100, "4" + reply.enhancedStatus().substring(1), reply.text());
        }
        PolicyLog.event(dryRun ? "reject_warning" : "reject", transaction, reply.line());
        if (dryRun) {
            state.dryRuns.add(new Decision(reply.isTemporary() ? Verdict.DEFER : Verdict.REJECT,
                java.util.Optional.of(reply), state.currentCheck, state.currentList, true, List.of(), List.of()));
            return Outcome.dunno();
        }
        return Outcome.rejected(reply);
    }

    /** {@link #reject} with Postfix's usual text: {@code <subject>: Subject class rejected: reason}. */
    public Outcome rejectSubject(ErrorClass errorClass, int code, String enhancedStatus, String reason) {
        return reject(errorClass, code, enhancedStatus, "<" + subjectName + ">: " + subjectClass + " rejected: " + reason);
    }

    /**
     * Postfix's DEFER_IF_PERMIT for a temporary failure: with {@link TempfailAction#DEFER_IF_PERMIT} (and no
     * warn_if_reject) the reply is kept and sent only if the request would otherwise be accepted; otherwise
     * it is a rejection now.
     */
    public Outcome deferIfPermit(TempfailAction action, int code, String enhancedStatus, String text) {
        if (state.warnLevel == 0 && action == TempfailAction.DEFER_IF_PERMIT) {
            if (state.deferIfPermit == null) {
                state.deferIfPermit = new EvaluationState.Deferral(code, enhancedStatus, text, ErrorClass.POLICY,
                    state.currentCheck, state.currentList);
            }
            return Outcome.dunno();
        }
        return reject(ErrorClass.POLICY, code, enhancedStatus, text);
    }

    /** Postfix's DEFER_IF_REJECT: if this list later rejects with a 5xx, answer this 4xx instead. */
    public void deferIfReject(int code, String enhancedStatus, String text) {
        if (state.deferIfReject == null) {
            state.deferIfReject = new EvaluationState.Deferral(code, enhancedStatus, text, ErrorClass.POLICY,
                state.currentCheck, state.currentList);
        }
    }

    /** Records a WARN, INFO or delivery request; the list goes on. */
    public void sideEffect(SideEffect.Kind kind, String argument) {
        PolicyLog.event(kind.name().toLowerCase(java.util.Locale.ROOT), transaction,
            argument.isEmpty() ? "<" + subjectName + ">: " + subjectClass + " triggers " + kind : argument);
        state.sideEffects.add(new SideEffect(kind, argument, state.currentCheck, state.currentList));
    }

    /** Accepts the request and marks the message to be silently dropped; the remaining restrictions are skipped. */
    public Outcome discard(String text) {
        state.discard = true;
        state.sideEffects.add(new SideEffect(SideEffect.Kind.DISCARD, text, state.currentCheck, state.currentList));
        PolicyLog.event("discard", transaction, "<" + subjectName + ">: " + subjectClass + " "
            + (text.isEmpty() ? "triggers DISCARD action" : text));
        return Outcome.discard();
    }

    /**
     * Claims the recipient (or sender) validation of reject_unlisted_*: false when it already ran for this
     * request, so the implicit check at the end of RCPT does not run it twice. A dry run does not count.
     */
    public boolean claimAddressValidation(boolean sender) {
        boolean done = sender ? state.senderValidated : state.recipientValidated;
        if (done) {
            return false;
        }
        if (!isDryRun()) {
            if (sender) {
                state.senderValidated = true;
            } else {
                state.recipientValidated = true;
            }
        }
        return true;
    }

    /**
     * Evaluates restriction names found in an access map or policy answer, with that check's subject
     * ({@code check_sender_access} rejects the sender even inside the recipient list).
     */
    public Outcome evaluate(List<RestrictionList.Entry> restrictions, String nestedSubjectName,
                            String nestedSubjectClass) {
        if (state.recursion > MAX_RECURSION) {
            PolicyLog.warning(state.currentCheck + ": restrictions nested more than " + MAX_RECURSION + " deep");
            return serverConfigurationError();
        }
        return new CheckContext(state, transaction, stage, nestedSubjectName, nestedSubjectClass, engine)
            .run(restrictions);
    }

    /** {@code 451 4.3.5 Server configuration error}: what the client sees when our configuration is wrong. */
    public Outcome serverConfigurationError() {
        return reject(ErrorClass.SOFTWARE, 451, "4.3.5", "Server configuration error");
    }

    /** {@code 451 4.3.0 <subject>: Temporary lookup failure}: a table or directory could not answer now. */
    public Outcome temporaryLookupFailure(String failedSubject) {
        return reject(ErrorClass.LOOKUP, 451, "4.3.0", "<" + failedSubject + ">: Temporary lookup failure");
    }

    /** Rewrites an address status code for the subject being rejected (Postfix's smtpd_dsn_fix). */
    public static String enhancedStatusFor(String enhancedStatus, String subjectClass) {
        return EnhancedStatus.forSubject(enhancedStatus, subjectClass);
    }

    /** The enhanced code of a reply text written by an admin, or {@code fallback}, fitted to the subject. */
    public static String enhancedStatusOf(ReplyText reply, String fallback, String subjectClass) {
        return enhancedStatusFor(reply.enhancedStatus().orElse(fallback), subjectClass);
    }

    /** Postfix's generic_checks: first non-DUNNO answer wins; DISCARD stops everything. */
    Outcome run(List<RestrictionList.Entry> entries) {
        int savedRecursion = state.recursion++;
        Outcome result = Outcome.dunno();
        try {
            for (RestrictionList.Entry entry : entries) {
                if (state.discard) {
                    break;
                }
                if (state.recursion == 1) {
                    state.currentCheck = entry.restriction().name();
                }
                if (entry.warnIfReject() && state.warnLevel == 0) {
                    state.warnLevel = state.recursion;
                }
                Outcome outcome = checkSafely(entry.restriction());
                if (state.warnLevel >= state.recursion) {
                    state.warnLevel = 0;
                }
                if (!outcome.isDunno()) {
                    result = outcome;
                    break;
                }
                if (state.deferIfPermit != null && state.deferIfReject != null) {
                    break;
                }
            }
        } finally {
            state.recursion = savedRecursion;
        }
        return result;
    }

    private Outcome checkSafely(Restriction restriction) {
        try {
            return restriction.check(this);
        } catch (TableLookupException e) {
            PolicyLog.warning(restriction.name() + ": " + e.getMessage());
            return temporaryLookupFailure(subjectName);
        } catch (RuntimeException e) {
            PolicyLog.configurationProblem(restriction.name() + " failed: " + e, e);
            return serverConfigurationError();
        }
    }

    /** A reply with a code and status code that make sense, or Postfix's safe fallback. */
    private static SmtpReply validReply(int code, String enhancedStatus, String text) {
        if (code < 400 || code > 599 || !ReplyText.isEnhancedStatus(enhancedStatus)) {
            PolicyLog.warning("reply code configuration error: " + code + " " + enhancedStatus + " " + text);
            return new SmtpReply(450, "4.7.1", "Service unavailable");
        }
        String status = (code / 100) + enhancedStatus.substring(1);
        return new SmtpReply(code, status, text);
    }
}
