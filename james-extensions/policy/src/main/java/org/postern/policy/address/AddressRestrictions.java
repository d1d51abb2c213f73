package org.postern.policy.address;

import java.util.List;

import javax.inject.Inject;

import org.postern.policy.dns.DnsLookups;
import org.postern.policy.restriction.AddressRole;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.RestrictionFeature;
import org.postern.policy.restriction.RestrictionRegistrar;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.table.TableResolver;

/**
 * The sender and recipient address checks: {@code reject_non_fqdn_*}, {@code reject_unknown_*_domain},
 * {@code reject_unlisted_*} (also {@code check_recipient_maps}; smtpd_reject_unlisted_recipient runs it
 * implicitly; with relocated_maps, virtual aliases, recipient_delimiter and virtual_role_accounts),
 * {@code reject_multi_recipient_bounce}.
 */
public final class AddressRestrictions implements RestrictionFeature {
    private final DnsLookups dns;
    private final Destinations destinations;
    private final LocalRecipients recipients;
    private final TableResolver tables;

    @Inject
    public AddressRestrictions(DnsLookups dns, Destinations destinations, LocalRecipients recipients, TableResolver tables) {
        this.dns = dns;
        this.destinations = destinations;
        this.recipients = recipients;
        this.tables = tables;
    }

    @Override
    public List<Parameter> parameters() {
        return AddressParameters.PARAMETERS;
    }

    @Override
    public void register(RestrictionRegistrar registrar, ServerParameters parameters) {
        AddressParameters address = AddressParameters.from(parameters);
        RelocatedUsers relocated = RelocatedUsers.open(address.relocatedMaps(), tables, address.virtual().delimiter(),
            parameters.source());
        for (AddressRole role : AddressRole.values()) {
            registrar.plain("reject_non_fqdn_" + role.word(), () -> new RejectNonFqdnAddress(role, address));
            registrar.plain("reject_unknown_" + role.word() + "_domain",
                () -> new RejectUnknownAddressDomain(role, address, dns, destinations));
            registrar.plain("reject_unlisted_" + role.word(), () -> new RejectUnlistedAddress(role, address, recipients, relocated));
        }
        registrar.alias("check_recipient_maps", "reject_unlisted_recipient");
        registrar.plain("reject_multi_recipient_bounce", () -> new RejectMultiRecipientBounce(address));
    }
}
