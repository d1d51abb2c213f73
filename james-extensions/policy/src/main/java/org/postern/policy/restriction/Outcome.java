package org.postern.policy.restriction;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one restriction: no opinion (go on), permit, reject with a reply, or discard. Rejections
 * are made only through {@link CheckContext#reject}, which applies warn_if_reject, defer_if_reject and
 * soft_bounce the way Postfix does.
 */
public final class Outcome {
    public enum Kind { DUNNO, PERMIT, REJECT, DISCARD }

    private static final Outcome DUNNO = new Outcome(Kind.DUNNO, null);
    private static final Outcome PERMIT = new Outcome(Kind.PERMIT, null);
    private static final Outcome DISCARD = new Outcome(Kind.DISCARD, null);

    private final Kind kind;
    private final SmtpReply reply;

    private Outcome(Kind kind, SmtpReply reply) {
        this.kind = kind;
        this.reply = reply;
    }

    /** No opinion: the next restriction decides. */
    public static Outcome dunno() {
        return DUNNO;
    }

    /** Accept: the rest of the list is skipped. */
    public static Outcome permit() {
        return PERMIT;
    }

    static Outcome discard() {
        return DISCARD;
    }

    static Outcome rejected(SmtpReply reply) {
        return new Outcome(Kind.REJECT, Objects.requireNonNull(reply));
    }

    public Kind kind() {
        return kind;
    }

    /** The reply of a rejection. */
    public Optional<SmtpReply> reply() {
        return Optional.ofNullable(reply);
    }

    public boolean isDunno() {
        return kind == Kind.DUNNO;
    }

    Verdict verdict() {
        switch (kind) {
            case PERMIT:
                return Verdict.PERMIT;
            case DISCARD:
                return Verdict.DISCARD;
            case REJECT:
                return reply.isTemporary() ? Verdict.DEFER : Verdict.REJECT;
            default:
                return Verdict.DUNNO;
        }
    }

    @Override
    public String toString() {
        return reply == null ? kind.name() : kind + " " + reply;
    }
}
