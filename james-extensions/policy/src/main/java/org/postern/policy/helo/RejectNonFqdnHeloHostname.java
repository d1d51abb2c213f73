package org.postern.policy.helo;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;
import org.postern.policy.syntax.HostSyntax;

/**
 * {@code reject_non_fqdn_helo_hostname}: the HELO name must be a fully-qualified host name, else
 * {@code 504 5.5.2 <name>: Helo command rejected: need fully-qualified hostname} (non_fqdn_reject_code).
 */
public final class RejectNonFqdnHeloHostname extends HeloNameCheck {
    public RejectNonFqdnHeloHostname(HeloParameters parameters) {
        super(parameters);
    }

    @Override
    public String name() {
        return "reject_non_fqdn_helo_hostname";
    }

    @Override
    Outcome checkName(CheckContext context, String helo) {
        String name = HostSyntax.withoutTrailingDot(helo);
        if (HostSyntax.isValidHostname(name, context.transaction().smtpUtf8()) && name.indexOf('.') >= 0) {
            return Outcome.dunno();
        }
        return context.reject(ErrorClass.POLICY, parameters.nonFqdnRejectCode(), "5.5.2",
            "<" + helo + ">: Helo command rejected: need fully-qualified hostname");
    }
}
