package org.postern.policy.restriction;

import java.util.Optional;

import org.postern.policy.access.AccessSearch;
import org.postern.policy.restriction.dns.DnsLookups;
import org.postern.policy.restriction.policyservice.PolicyServiceClients;

/**
 * The collaborators restrictions consult: tables, DNS, our domains, our users, sender logins, policy
 * services. Each is optional; a list that uses a restriction whose collaborator is missing is refused at
 * startup with the restriction named, rather than failing on the first message.
 */
public record RestrictionEnvironment(Optional<TableResolver> tables, Optional<DnsLookups> dns,
                                     Optional<Destinations> destinations, Optional<LocalRecipients> localRecipients,
                                     Optional<SenderLogins> senderLogins, Optional<AccessSearch> accessSearch,
                                     PolicyServiceClients policyServices) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private TableResolver tables;
        private DnsLookups dns;
        private Destinations destinations;
        private LocalRecipients localRecipients;
        private SenderLogins senderLogins;
        private AccessSearch accessSearch;
        private PolicyServiceClients policyServices;

        private Builder() {
        }

        public Builder tables(TableResolver value) {
            tables = value;
            return this;
        }

        public Builder dns(DnsLookups value) {
            dns = value;
            return this;
        }

        public Builder destinations(Destinations value) {
            destinations = value;
            return this;
        }

        public Builder localRecipients(LocalRecipients value) {
            localRecipients = value;
            return this;
        }

        public Builder senderLogins(SenderLogins value) {
            senderLogins = value;
            return this;
        }

        /** Overrides Postfix's access map search order (by default built from the settings). */
        public Builder accessSearch(AccessSearch value) {
            accessSearch = value;
            return this;
        }

        public Builder policyServices(PolicyServiceClients value) {
            policyServices = value;
            return this;
        }

        public RestrictionEnvironment build() {
            return new RestrictionEnvironment(Optional.ofNullable(tables), Optional.ofNullable(dns),
                Optional.ofNullable(destinations), Optional.ofNullable(localRecipients), Optional.ofNullable(senderLogins),
                Optional.ofNullable(accessSearch),
                policyServices == null ? new PolicyServiceClients() : policyServices);
        }
    }
}
