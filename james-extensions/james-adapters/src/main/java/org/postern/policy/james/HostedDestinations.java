package org.postern.policy.james;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.postern.policy.restriction.Destinations;
import org.postern.policy.table.TableLookupException;

/**
 * Our destinations as James knows them: the hosted domains are James's domain list (Postfix's
 * virtual_mailbox_domains). No domain is relayed yet (relay_domains comes with backup-MX support).
 */
public final class HostedDestinations implements Destinations {
    private final DomainList domains;

    public HostedDestinations(DomainList domains) {
        this.domains = domains;
    }

    @Override
    public boolean isHosted(String domain) {
        if (domain.startsWith("[")) {
            return false;
        }
        try {
            return domains.containsDomain(Domain.of(domain));
        } catch (DomainListException e) {
            throw new TableLookupException("domain list: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean isRelayed(String domain) {
        return false;
    }
}
