package org.postern.policy.helo;

import java.util.List;

import javax.inject.Inject;

import org.postern.policy.dns.DnsLookups;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;

/**
 * The HELO name checks: {@code reject_invalid_helo_hostname}, {@code reject_non_fqdn_helo_hostname},
 * {@code reject_unknown_helo_hostname} (and their pre-2.3 names without {@code helo_}).
 */
public final class HeloRestrictions implements RestrictionFeature {
    private final DnsLookups dns;

    @Inject
    public HeloRestrictions(DnsLookups dns) {
        this.dns = dns;
    }

    @Override
    public List<Parameter> parameters() {
        return HeloParameters.PARAMETERS;
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        HeloParameters helo = HeloParameters.from(parameters);
        registrar.plain("reject_invalid_helo_hostname", () -> new RejectInvalidHeloHostname(helo));
        registrar.plain("reject_non_fqdn_helo_hostname", () -> new RejectNonFqdnHeloHostname(helo));
        registrar.plain("reject_unknown_helo_hostname", () -> new RejectUnknownHeloHostname(helo, dns));
        registrar.alias("reject_invalid_hostname", "reject_invalid_helo_hostname");
        registrar.alias("reject_non_fqdn_hostname", "reject_non_fqdn_helo_hostname");
        registrar.alias("reject_unknown_hostname", "reject_unknown_helo_hostname");
    }
}
