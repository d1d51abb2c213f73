package org.postern.policy.restriction;

import java.util.ArrayList;
import java.util.List;

/**
 * The scratch state of one evaluation, Postfix's per-request flags: pending deferrals, the warn_if_reject
 * level, recursion into access-map restriction lists, DISCARD, and the notes collected on the way.
 * Mutable and confined to the thread answering one SMTP command; never shared.
 */
final class EvaluationState {

    /** A reply kept for later: defer_if_permit / defer_if_reject. */
    record Deferral(int code, String enhancedStatus, String text, ErrorClass errorClass, String check, String list) {
    }

    Deferral deferIfPermit;
    Deferral deferIfReject;
    int warnLevel;
    int recursion;
    boolean discard;
    boolean recipientValidated;
    boolean senderValidated;
    String currentCheck = "";
    String currentList = "";
    final List<Decision> dryRuns = new ArrayList<>();
    final List<SideEffect> sideEffects = new ArrayList<>();

    /** Postfix's SMTPD_CHECK_RESET, done once per stage (relay and recipient lists share one). */
    void startStage() {
        recursion = 0;
        warnLevel = 0;
        deferIfReject = null;
    }

    void startList(String listName) {
        currentList = listName;
        currentCheck = "";
    }
}
