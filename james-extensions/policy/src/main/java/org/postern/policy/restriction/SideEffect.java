package org.postern.policy.restriction;

/**
 * Something an access map or policy server asked for besides the verdict: a logged WARN or INFO, or a
 * request to the delivery side (HOLD, FILTER, REDIRECT, BCC, PREPEND, DISCARD) that the SMTP adapter
 * carries out when the message is accepted.
 */
public record SideEffect(Kind kind, String argument, String check, String list) {
    public enum Kind { WARN, INFO, DISCARD, HOLD, FILTER, REDIRECT, BCC, PREPEND }
}
