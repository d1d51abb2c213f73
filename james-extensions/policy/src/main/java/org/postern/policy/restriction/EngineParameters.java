package org.postern.policy.restriction;

import java.util.List;

/**
 * The parameters of the restriction engine itself, as opposed to those of its checks: when each list runs and how
 * a rejection is finally answered.
 *
 * @param delayReject                       smtpd_delay_reject (yes): client, HELO and sender lists run at RCPT
 * @param heloRequired                      smtpd_helo_required (no)
 * @param relayBeforeRecipientRestrictions  smtpd_relay_before_recipient_restrictions (yes)
 * @param softBounce                        soft_bounce (no): every 5xx rejection becomes 4xx
 * @param rejectUnlistedRecipient           smtpd_reject_unlisted_recipient (yes): an implicit
 *                                          reject_unlisted_recipient ends the RCPT checks
 * @param rejectUnlistedSender              smtpd_reject_unlisted_sender (no)
 */
public record EngineParameters(boolean delayReject, boolean heloRequired, boolean relayBeforeRecipientRestrictions,
                               boolean softBounce, boolean rejectUnlistedRecipient, boolean rejectUnlistedSender) {

    public static final List<Parameter> PARAMETERS = List.of(
        Parameter.of("smtpd_delay_reject", "yes"),
        Parameter.of("smtpd_helo_required", "no"),
        Parameter.of("smtpd_relay_before_recipient_restrictions", "yes"),
        Parameter.of("soft_bounce", "no"),
        Parameter.of("smtpd_reject_unlisted_recipient", "yes"),
        Parameter.of("smtpd_reject_unlisted_sender", "no"));

    /** Postfix's defaults. */
    public static final EngineParameters POSTFIX_DEFAULTS = new EngineParameters(true, false, true, false, true, false);

    public static EngineParameters from(ServerParameters parameters) {
        return new EngineParameters(parameters.bool("smtpd_delay_reject"), parameters.bool("smtpd_helo_required"),
            parameters.bool("smtpd_relay_before_recipient_restrictions"), parameters.bool("soft_bounce"),
            parameters.bool("smtpd_reject_unlisted_recipient"), parameters.bool("smtpd_reject_unlisted_sender"));
    }
}
