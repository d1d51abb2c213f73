package org.postern.policy.login;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.postern.policy.log.ClientText;
import org.postern.policy.syntax.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins counted per client address across every service that takes a password (SMTP AUTH, IMAP,
 * POP3, ManageSieve, webadmin): after {@code auth_failure_limit} failures within {@code auth_failure_window}
 * the address is refused everywhere for {@code auth_failure_ban_time}. Accounts are never locked: an
 * attacker cannot lock a user out, and the right password from another address keeps working. An IPv6
 * client counts with its whole /64, which one host can fill with addresses. Thread-safe.
 */
public final class LoginFailures {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoginFailures.class);

    private final LoginFailureSettings settings;
    private final LoginFailureStore store;
    private final Clock clock;

    public LoginFailures(LoginFailureSettings settings, LoginFailureStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    public LoginFailureSettings settings() {
        return settings;
    }

    /** When the refusal of {@code address} ends, if it is refused now. */
    public Optional<Instant> bannedUntil(String address) {
        if (!settings.enabled() || settings.exceptions().contains(address)) {
            return Optional.empty();
        }
        return store.bannedUntil(clientKey(address), clock.instant());
    }

    public boolean isBanned(String address) {
        return bannedUntil(address).isPresent();
    }

    /**
     * Counts a failed login.
     *
     * @param service the protocol, for the log: smtp, submission, imap, pop3, managesieve, webadmin
     * @param user the name the client tried, for the log; may be null
     * @return the end of the refusal this failure starts, if it reaches the limit
     */
    public Optional<Instant> failed(String address, String service, String user) {
        LOGGER.info("authentication failed: service={} client={} user={}", service, address,
            user == null ? "-" : ClientText.forLog(user));
        if (!settings.enabled() || settings.exceptions().contains(address)) {
            return Optional.empty();
        }
        String client = clientKey(address);
        Instant now = clock.instant();
        int failures = store.recordFailure(client, now, now.minus(settings.window()));
        if (failures < settings.limit()) {
            return Optional.empty();
        }
        Instant until = now.plus(settings.banTime());
        store.ban(client, until);
        LOGGER.warn("{} refused until {}: {} failed logins within {} (last: {}, auth_failure_limit = {})", client, until,
            failures, settings.window(), service, settings.limit());
        return Optional.of(until);
    }

    /** The refusals in force. */
    public List<Ban> bans() {
        return store.bans(clock.instant());
    }

    /**
     * Lifts the refusal of a client (an address, or an IPv6 /64 as {@link #bans()} lists it) and forgets its
     * failures.
     *
     * @return false when nothing was known about it
     */
    public boolean lift(String client) {
        String key = client.endsWith("/64") ? client : clientKey(client);
        boolean lifted = store.lift(key);
        if (lifted) {
            LOGGER.info("{}: refusal for failed logins lifted", key);
        }
        return lifted;
    }

    /** The key failures are counted under: the IPv4 address, or the /64 of an IPv6 address. */
    public static String clientKey(String address) {
        Optional<IpAddress> parsed = IpAddress.parse(address);
        if (parsed.isEmpty() || parsed.get().isIpv4()) {
            return parsed.map(IpAddress::toString).orElse(address);
        }
        return parsed.get().network(64) + "/64";
    }
}
