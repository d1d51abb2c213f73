package org.postern.policy.restriction.check;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.HostSyntax;
import org.postern.policy.restriction.IpAddress;
import org.postern.policy.restriction.Outcome;

/**
 * {@code reject_invalid_helo_hostname}: the HELO name must be a syntactically valid host name or address,
 * else {@code 501 5.5.2 <name>: Helo command rejected: Invalid name} (invalid_hostname_reject_code).
 */
public final class RejectInvalidHeloHostname extends HeloNameCheck {
    @Override
    public String name() {
        return "reject_invalid_helo_hostname";
    }

    @Override
    Outcome checkName(CheckContext context, String helo) {
        String name = HostSyntax.withoutTrailingDot(helo);
        if (HostSyntax.isValidHostname(name) || IpAddress.isValid(name)) {
            return Outcome.dunno();
        }
        return context.reject(ErrorClass.POLICY, context.settings().invalidHostnameRejectCode(), "5.5.2",
            "<" + helo + ">: Helo command rejected: Invalid name");
    }
}
