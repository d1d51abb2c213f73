package org.postern.policy.login;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where failed logins and the bans they lead to are kept. One server keeps them in memory; servers that
 * share their clients (a cluster of MX nodes) share a store, so that failures on one node count on all.
 * Every implementation passes {@code LoginFailureStoreContract}.
 */
public interface LoginFailureStore {

    /**
     * Records a failed login of {@code client} at {@code at}.
     *
     * @param since failures before this instant no longer count (and may be forgotten)
     * @return the failures of the client from {@code since} to {@code at}, this one included
     */
    int recordFailure(String client, Instant at, Instant since);

    /** Refuses the client until {@code until}; its failures are forgotten. */
    void ban(String client, Instant until);

    /** When the client's ban ends, if it is banned at {@code now}. */
    Optional<Instant> bannedUntil(String client, Instant now);

    /** Lifts the client's ban and forgets its failures; false when it was neither banned nor failing. */
    boolean lift(String client);

    /** The bans in force at {@code now}, soonest ending first. */
    List<Ban> bans(Instant now);
}
