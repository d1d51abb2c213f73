package org.postern.policy.senderlogin;

import java.util.Optional;
import java.util.Set;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.restriction.Restriction;

/**
 * The sender login checks of Postfix, against {@code smtpd_sender_login_maps}:
 * <ul>
 * <li>{@code reject_authenticated_sender_login_mismatch}: a logged-in client may only use addresses it
 * owns: {@code 553 5.7.1 <s@x>: Sender address rejected: not owned by user alice};</li>
 * <li>{@code reject_known_sender_login_mismatch}: the same, but addresses nobody owns are free;</li>
 * <li>{@code reject_unauthenticated_sender_login_mismatch}: an owned address needs a login:
 * {@code 553 5.7.1 <s@x>: Sender address rejected: not logged in};</li>
 * <li>{@code reject_sender_login_mismatch}: the authenticated and unauthenticated checks together.</li>
 * </ul>
 */
public final class RejectSenderLoginMismatch implements Restriction {

    public enum Mode {
        ANY("reject_sender_login_mismatch"),
        AUTHENTICATED("reject_authenticated_sender_login_mismatch"),
        KNOWN("reject_known_sender_login_mismatch"),
        UNAUTHENTICATED("reject_unauthenticated_sender_login_mismatch");

        private final String restrictionName;

        Mode(String restrictionName) {
            this.restrictionName = restrictionName;
        }

        public String restrictionName() {
            return restrictionName;
        }
    }

    private final Mode mode;
    private final SenderLogins logins;

    public RejectSenderLoginMismatch(Mode mode, SenderLogins logins) {
        this.mode = mode;
        this.logins = logins;
    }

    @Override
    public String name() {
        return mode.restrictionName();
    }

    @Override
    public Outcome check(CheckContext context) {
        Optional<String> sender = context.transaction().sender();
        if (sender.isEmpty() || sender.get().isEmpty()) {
            return Outcome.dunno();
        }
        Optional<String> user = context.transaction().saslUsername();
        if (user.isPresent() && mode != Mode.UNAUTHENTICATED) {
            Set<String> owners = logins.ownersOf(sender.get());
            if (owners.isEmpty() && mode == Mode.KNOWN) {
                return Outcome.dunno();
            }
            if (owners.stream().noneMatch(owner -> owner.equalsIgnoreCase(user.get()))) {
                return context.reject(ErrorClass.POLICY, 553, "5.7.1",
                    "<" + sender.get() + ">: Sender address rejected: not owned by user " + user.get());
            }
            return Outcome.dunno();
        }
        if (user.isEmpty() && mode != Mode.AUTHENTICATED && !logins.ownersOf(sender.get()).isEmpty()) {
            return context.reject(ErrorClass.POLICY, 553, "5.7.1",
                "<" + sender.get() + ">: Sender address rejected: not logged in");
        }
        return Outcome.dunno();
    }
}
