package org.postern.policy.helo;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.syntax.HostSyntax;
import org.postern.policy.syntax.IpAddress;

/**
 * {@code reject_invalid_helo_hostname}: the HELO name must be a syntactically valid host name or address,
 * else {@code 501 5.5.2 <name>: Helo command rejected: Invalid name} (invalid_hostname_reject_code).
 */
public final class RejectInvalidHeloHostname extends HeloNameCheck {
    public RejectInvalidHeloHostname(HeloParameters parameters) {
        super(parameters);
    }

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
        return context.reject(ErrorClass.POLICY, parameters.invalidHostnameRejectCode(), "5.5.2",
            "<" + helo + ">: Helo command rejected: Invalid name");
    }
}
