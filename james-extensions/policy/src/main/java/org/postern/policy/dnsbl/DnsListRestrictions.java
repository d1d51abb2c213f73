package org.postern.policy.dnsbl;

import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.postern.policy.dns.DnsLookups;
import org.postern.policy.relay.AuthorizedDestination;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;

/**
 * DNS block and allow lists: {@code reject_rbl_client} (also {@code reject_rbl}), {@code permit_dnswl_client},
 * {@code reject_rhsbl_client}, {@code _helo}, {@code _sender}, {@code _recipient}, each with a
 * {@code zone[=filter]} argument; rejections answer maps_rbl_reject_code.
 */
public final class DnsListRestrictions implements RestrictionFeature {
    private final DnsLookups dns;
    private final Destinations destinations;

    @Inject
    public DnsListRestrictions(DnsLookups dns, Destinations destinations) {
        this.dns = dns;
        this.destinations = destinations;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("maps_rbl_reject_code", "554"), Parameter.of("allow_untrusted_routing", "no"));
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        int code = parameters.rejectCode("maps_rbl_reject_code");
        AuthorizedDestination authorized = new AuthorizedDestination(destinations, parameters.bool("allow_untrusted_routing"));
        registrar.withArgument("reject_rbl_client", zone -> new RejectRblClient(DnsList.parse(zone), dns, code));
        registrar.alias("reject_rbl", "reject_rbl_client");
        registrar.withArgument("permit_dnswl_client", zone -> new PermitDnswlClient(DnsList.parse(zone), dns, authorized));
        for (RejectRhsbl.Target target : RejectRhsbl.Target.values()) {
            registrar.withArgument("reject_rhsbl_" + target.name().toLowerCase(Locale.ROOT),
                zone -> new RejectRhsbl(target, DnsList.parse(zone), dns, code));
        }
    }
}
