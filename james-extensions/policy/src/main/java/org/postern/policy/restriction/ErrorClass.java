package org.postern.policy.restriction;

/**
 * Why a rejection happened, in Postfix's terms. It matters for {@code warn_if_reject}: a policy decision
 * can be turned into a logged warning, but a failing table lookup or a configuration error cannot,
 * because accepting mail we could not judge is not a dry run.
 */
public enum ErrorClass {
    /** A restriction refused the request (Postfix MAIL_ERROR_POLICY). */
    POLICY(true),
    /** The client broke the protocol, e.g. pipelined too early (MAIL_ERROR_PROTOCOL). */
    PROTOCOL(true),
    /** The address does not exist (MAIL_ERROR_BOUNCE). */
    BOUNCE(true),
    /** A table or directory could not answer now (MAIL_ERROR_DATA): "Temporary lookup failure". */
    LOOKUP(false),
    /** The configuration is wrong (MAIL_ERROR_SOFTWARE): "Server configuration error". */
    SOFTWARE(false);

    private final boolean warnable;

    ErrorClass(boolean warnable) {
        this.warnable = warnable;
    }

    /** True when {@code warn_if_reject} may turn such a rejection into a warning. */
    public boolean canBeDryRun() {
        return warnable;
    }
}
