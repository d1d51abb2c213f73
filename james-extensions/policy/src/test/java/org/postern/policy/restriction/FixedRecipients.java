package org.postern.policy.restriction;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.postern.policy.address.LocalRecipients;
import org.postern.policy.virtual.Expansion;
import org.postern.policy.virtual.VirtualSettings;

/** Hosted domains and known addresses fixed by a test. */
public final class FixedRecipients implements LocalRecipients {
    private final Set<String> domains;
    private final Set<String> addresses;
    private final java.util.Map<String, Expansion> expansions = new java.util.HashMap<>();

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

    /** An address whose aliases end this way (a loop, an error entry). */
    public void expandsTo(String address, Expansion.Status status, String detail) {
        expansions.put(address.toLowerCase(Locale.ROOT), new Expansion(status, List.of(), detail));
    }

    /** A known address is delivered to itself; any other is unknown, unless a test said otherwise. */
    @Override
    public Expansion expand(String address, VirtualSettings settings) {
        String lowerCase = address.toLowerCase(Locale.ROOT);
        if (expansions.containsKey(lowerCase)) {
            return expansions.get(lowerCase);
        }
        if (addresses.contains(lowerCase)) {
            return new Expansion(Expansion.Status.DELIVERED, List.of(new Expansion.Delivery(lowerCase, lowerCase, "", true)), "");
        }
        return new Expansion(Expansion.Status.UNKNOWN, List.of(), lowerCase);
    }
}
