package org.postern.policy.restriction;

/** What a restriction list, or the whole policy, decided for one SMTP command. */
public enum Verdict {
    /** Explicitly accepted (permit, OK). */
    PERMIT,
    /** Refused with a 5xx reply. */
    REJECT,
    /** Refused with a 4xx reply: the client retries later. */
    DEFER,
    /** No restriction had an opinion: the command is accepted. */
    DUNNO,
    /** Accepted, but the message is to be dropped silently (access map DISCARD). */
    DISCARD;

    /** True when the SMTP command is to be accepted (the client sees 250). */
    public boolean accepts() {
        return this != REJECT && this != DEFER;
    }
}
