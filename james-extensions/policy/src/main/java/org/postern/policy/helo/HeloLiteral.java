package org.postern.policy.helo;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.syntax.HostSyntax;

/**
 * Postfix's reject_invalid_hostaddr, shared by the HELO checks: a HELO of {@code [192.0.2.1]} must hold
 * a valid address, else {@code 501 5.5.2 <[...]>: Helo command rejected: invalid ip address}.
 */
final class HeloLiteral {
    private HeloLiteral() {
    }

    static boolean isLiteral(String helo) {
        return helo.startsWith("[");
    }

    static Outcome check(CheckContext context, String helo, int invalidHostnameRejectCode) {
        String inside = helo.length() > 2 && helo.endsWith("]") ? helo.substring(1, helo.length() - 1) : helo;
        if (HostSyntax.isValidMailhostAddress(inside)) {
            return Outcome.dunno();
        }
        return context.reject(ErrorClass.POLICY, invalidHostnameRejectCode, "5.5.2",
            "<" + helo + ">: Helo command rejected: invalid ip address");
    }
}
