package org.postern.policy.restriction;

import java.util.Set;

import org.postern.policy.table.TableLookupException;

/** Hosted and relayed domains fixed by a test. */
public final class FixedDestinations implements Destinations {
    private final Set<String> hosted;
    private final Set<String> relayed;
    private boolean failing;

    public FixedDestinations(Set<String> hosted, Set<String> relayed) {
        this.hosted = hosted;
        this.relayed = relayed;
    }

    public FixedDestinations failing() {
        failing = true;
        return this;
    }

    @Override
    public boolean isHosted(String domain) {
        if (failing) {
            throw new TableLookupException("domain list unavailable");
        }
        return hosted.contains(domain);
    }

    @Override
    public boolean isRelayed(String domain) {
        return relayed.contains(domain);
    }
}
