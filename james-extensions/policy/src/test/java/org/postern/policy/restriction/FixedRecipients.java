package org.postern.policy.restriction;

import java.util.Locale;
import java.util.Set;

/** Hosted domains and known addresses fixed by a test. */
public final class FixedRecipients implements LocalRecipients {
    private final Set<String> domains;
    private final Set<String> addresses;

    public FixedRecipients(Set<String> domains, Set<String> addresses) {
        this.domains = domains;
        this.addresses = new java.util.HashSet<>(addresses);
    }

    /** One more address that receives mail. */
    public void add(String address) {
        addresses.add(address.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean isHostedDomain(String domain) {
        return domains.contains(domain);
    }

    @Override
    public boolean isKnownRecipient(String address) {
        return addresses.contains(address.toLowerCase(Locale.ROOT));
    }
}
