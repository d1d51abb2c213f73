package org.postern.policy.senderlogin;

import java.util.List;

import javax.inject.Inject;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;

/**
 * Who may use which sender address, against smtpd_sender_login_maps: {@code reject_sender_login_mismatch},
 * {@code reject_authenticated_sender_login_mismatch}, {@code reject_known_sender_login_mismatch},
 * {@code reject_unauthenticated_sender_login_mismatch}.
 */
public final class SenderLoginRestrictions implements RestrictionFeature {
    private final SenderLogins logins;

    @Inject
    public SenderLoginRestrictions(SenderLogins logins) {
        this.logins = logins;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        for (RejectSenderLoginMismatch.Mode mode : RejectSenderLoginMismatch.Mode.values()) {
            registrar.plain(mode.restrictionName(), () -> new RejectSenderLoginMismatch(mode, logins));
        }
    }
}
