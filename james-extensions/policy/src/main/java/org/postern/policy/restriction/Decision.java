package org.postern.policy.restriction;

import java.util.List;
import java.util.Optional;

/**
 * What to answer to one SMTP command, and why.
 *
 * @param verdict accept (PERMIT, DUNNO, DISCARD) or refuse (REJECT, DEFER)
 * @param reply the reply to send when refusing; empty when the command is accepted
 * @param check the restriction that decided, as written ({@code check_sender_access hash:/etc/postfix/access}),
 *        or the setting ({@code smtpd_helo_required}); empty when nothing decided
 * @param list the list the check belongs to ({@code smtpd_recipient_restrictions}); empty when none
 * @param dryRun true when this is a {@code warn_if_reject} rejection that was only logged
 * @param dryRuns the rejections that {@code warn_if_reject} turned into warnings on the way, in order
 * @param sideEffects WARN/INFO logs and delivery requests (HOLD, FILTER...) collected on the way
 */
public record Decision(Verdict verdict, Optional<SmtpReply> reply, String check, String list, boolean dryRun,
                       List<Decision> dryRuns, List<SideEffect> sideEffects) {

    public Decision {
        dryRuns = List.copyOf(dryRuns);
        sideEffects = List.copyOf(sideEffects);
        if (verdict.accepts() == reply.isPresent() && !dryRun) {
            throw new IllegalArgumentException(verdict + (reply.isPresent() ? " has no reply" : " needs a reply"));
        }
    }

    /** The command is accepted with nothing to report. */
    public static Decision accept() {
        return new Decision(Verdict.DUNNO, Optional.empty(), "", "", false, List.of(), List.of());
    }

    /** A refusal that does not come from a restriction list (smtpd_helo_required, access denied...). */
    public static Decision refuse(SmtpReply reply, String reason) {
        return new Decision(reply.isTemporary() ? Verdict.DEFER : Verdict.REJECT, Optional.of(reply), reason, "",
            false, List.of(), List.of());
    }

    /** True for a warn_if_reject rejection that was only logged. */
    public boolean isDryRun() {
        return dryRun;
    }

    /** True when the SMTP command is to be accepted. */
    public boolean accepts() {
        return verdict.accepts();
    }

    /** The reply code, 0 when accepted. */
    public int code() {
        return reply.map(SmtpReply::code).orElse(0);
    }

    /** The enhanced status code such as {@code 5.7.1}, empty when accepted. */
    public String enhancedStatus() {
        return reply.map(SmtpReply::enhancedStatus).orElse("");
    }

    /** The reply text after the codes, empty when accepted. */
    public String text() {
        return reply.map(SmtpReply::text).orElse("");
    }

    /** The full reply line, e.g. {@code 554 5.7.1 <x@y>: Relay access denied}; empty when accepted. */
    public String replyLine() {
        return reply.map(SmtpReply::line).orElse("");
    }
}
