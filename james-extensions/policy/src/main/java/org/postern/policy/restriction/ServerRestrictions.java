package org.postern.policy.restriction;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.anvil.Anvil;
import org.postern.policy.anvil.ClientLimits;
import org.postern.policy.limits.BareNewlines;
import org.postern.policy.limits.SmtpLimits;
import org.postern.policy.restriction.dns.ClientHostname;
import org.postern.policy.restriction.dns.DnsLookups;

/**
 * Everything one SMTP server (port 25, 587 or 465, each like a master.cf service with its own overrides)
 * needs to answer its clients: the seven restriction lists, mynetworks, the settings and the connection
 * limits, parsed once from
 * main.cf-style parameters. Immutable and shared by all connections; each connection gets its own
 * {@link TransactionPolicy}.
 */
public final class ServerRestrictions {
    /** Postfix's default smtpd_relay_restrictions. */
    public static final String DEFAULT_RELAY_RESTRICTIONS = "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination";

    /** Restrictions that refuse by default; one must guard relaying (Postfix's rcpt_required). */
    private static final Set<String> CLOSES_RELAY = Set.of("reject_unauth_destination", "defer_unauth_destination",
        "reject", "defer", "defer_if_permit");

    /** Restrictions that look at the client's hostname; without them nobody needs its PTR lookup. */
    private static final Set<String> NEED_CLIENT_HOSTNAME = Set.of("check_client_access", "reject_rhsbl_client",
        "check_policy_service");

    private final Map<Stage, RestrictionList> lists;
    private final RestrictionSettings settings;
    private final Networks mynetworks;
    private final Optional<LocalRecipients> localRecipients;
    private final Optional<Destinations> destinations;
    private final Optional<DnsLookups> dns;
    private final boolean needsClientHostname;
    private final SmtpLimits limits;
    private final Anvil anvil;
    private final BareNewlines bareNewlines;

    private ServerRestrictions(Map<Stage, RestrictionList> lists, RestrictionSettings settings, Networks mynetworks,
                               RestrictionEnvironment environment, SmtpLimits limits, ClientLimits clientLimits,
                               BareNewlines bareNewlines) {
        this.lists = lists;
        this.settings = settings;
        this.mynetworks = mynetworks;
        this.localRecipients = environment.localRecipients();
        this.destinations = environment.destinations();
        this.dns = environment.dns();
        this.needsClientHostname = lists.values().stream().flatMap(list -> list.entries().stream())
            .anyMatch(entry -> NEED_CLIENT_HOSTNAME.contains(entry.restriction().name().split(" ", 2)[0]));
        this.limits = limits;
        this.anvil = new Anvil(clientLimits, java.time.Clock.systemUTC());
        this.bareNewlines = bareNewlines;
    }

    /**
     * Parses one server's parameters (main.cf names; absent ones take Postfix's defaults, mynetworks
     * defaults to loopback).
     *
     * @param source the file, named in every error
     * @throws InvalidConfigurationException for a bad list or setting, or when neither the relay nor the
     *         recipient list refuses unauthorised destinations (we would be an open relay)
     */
    public static ServerRestrictions parse(String source, Map<String, String> parameters,
                                           RestrictionEnvironment environment) {
        RestrictionSettings settings = RestrictionSettings.fromParameters(source, parameters);
        SmtpLimits limits = SmtpLimits.fromParameters(source, parameters);
        Networks mynetworks = Networks.parse(source, "mynetworks", parameters.getOrDefault("mynetworks", Networks.LOOPBACK));
        ClientLimits clientLimits = ClientLimits.fromParameters(source, parameters, mynetworks);
        BareNewlines bareNewlines = BareNewlines.fromParameters(source, parameters, mynetworks);
        RestrictionListParser parser = new RestrictionListParser(source, settings, mynetworks, environment);
        Map<Stage, RestrictionList> lists = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            String defaultValue = stage == Stage.RELAY ? DEFAULT_RELAY_RESTRICTIONS : "";
            lists.put(stage, parser.parse(stage, parameters.getOrDefault(stage.parameterName(), defaultValue)));
        }
        if (!closesRelay(lists.get(Stage.RELAY)) && !closesRelay(lists.get(Stage.RECIPIENT))) {
            throw new InvalidConfigurationException(source + ": in smtpd_relay_restrictions or "
                + "smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, "
                + "defer_unauth_destination, reject, defer or defer_if_permit (otherwise this server relays for anyone)");
        }
        return new ServerRestrictions(lists, settings, mynetworks, environment, limits, clientLimits, bareNewlines);
    }

    /**
     * Every main.cf parameter a server reads (lists, mynetworks, settings, limits): any other name in the
     * policy file is unused, which Postfix's postconf warns about too.
     */
    public static Set<String> parameterNames() {
        Set<String> names = new java.util.HashSet<>(RestrictionSettings.parameterNames());
        names.addAll(SmtpLimits.PARAMETERS);
        names.addAll(ClientLimits.PARAMETERS);
        names.addAll(BareNewlines.PARAMETERS);
        names.add("mynetworks");
        for (Stage stage : Stage.values()) {
            names.add(stage.parameterName());
        }
        return Set.copyOf(names);
    }

    public RestrictionList list(Stage stage) {
        return lists.get(stage);
    }

    public RestrictionSettings settings() {
        return settings;
    }

    public Networks mynetworks() {
        return mynetworks;
    }

    /** smtpd_recipient_limit, the error limits, message_size_limit and disable_vrfy_command. */
    public SmtpLimits limits() {
        return limits;
    }

    /** smtpd_forbid_bare_newline and its exclusions. */
    public BareNewlines bareNewlines() {
        return bareNewlines;
    }

    /**
     * The per-client connection, message, recipient and AUTH counts of this server (Postfix's anvil), shared by
     * all its connections.
     */
    public Anvil anvil() {
        return anvil;
    }

    /**
     * True when mail for {@code domain} leaves this server: a recipient there that the lists accepted was
     * authorised to relay (mynetworks, SASL, an access map OK...), which the rest of the server must know.
     * False when this server does not know its destinations.
     */
    public boolean isRemote(String domain) {
        return destinations.isPresent() && !destinations.get().isHosted(domain.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The hostname of a client connecting from {@code address} (forward-confirmed PTR, else
     * {@code unknown}), looked up only when some list of this server looks at it.
     */
    public String clientHostname(String address) {
        return clientHostnameLookup(address).toCompletableFuture().join();
    }

    /** {@link #clientHostname(String)} without blocking: what the network threads use at connection time. */
    public java.util.concurrent.CompletionStage<String> clientHostnameLookup(String address) {
        if (!needsClientHostname()) {
            return java.util.concurrent.CompletableFuture.completedFuture(SmtpTransaction.UNKNOWN);
        }
        return ClientHostname.lookup(dns.get(), address);
    }

    /** True when some list of this server looks at the client's hostname, which then is looked up at connection. */
    public boolean needsClientHostname() {
        return needsClientHostname && dns.isPresent();
    }

    Optional<LocalRecipients> localRecipients() {
        return localRecipients;
    }

    /** The policy of one new SMTP connection. */
    public TransactionPolicy newConnection() {
        return new TransactionPolicy(this);
    }

    /**
     * Postfix's has_required: a list closes the relay if it holds one of the refusing restrictions before
     * any unconditional {@code permit}; one only under warn_if_reject does not count.
     */
    private static boolean closesRelay(RestrictionList list) {
        for (RestrictionList.Entry entry : list.entries()) {
            String name = entry.restriction().name();
            if (entry.warnIfReject()) {
                continue;
            }
            if (name.equals("permit")) {
                return false;
            }
            if (CLOSES_RELAY.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
