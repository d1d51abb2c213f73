package org.postern.policy.restriction;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.postern.policy.anvil.Anvil;
import org.postern.policy.anvil.ClientLimits;
import org.postern.policy.dns.ClientHostname;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.limits.BareNewlines;
import org.postern.policy.limits.SmtpLimits;
import org.postern.policy.syntax.EnvelopeAddress;
import org.postern.policy.syntax.Networks;
import org.postern.policy.verdict.RecipientClass;

/**
 * Everything one SMTP server (port 25, 587 or 465, each like a master.cf service with its own overrides)
 * needs to answer its clients: the seven restriction lists, mynetworks, the engine's parameters and the
 * connection limits, parsed once by {@link PolicyEngine#server}. Immutable and shared by all connections; each
 * connection gets its own {@link TransactionPolicy}.
 */
public final class ServerRestrictions {
    /** Postfix's default smtpd_relay_restrictions. */
    public static final String DEFAULT_RELAY_RESTRICTIONS = "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination";

    private final Map<Stage, RestrictionList> lists;
    private final EngineParameters engine;
    private final Networks mynetworks;
    private final Destinations destinations;
    private final DnsLookups dns;
    private final Map<AddressRole, Restriction> unlistedChecks;
    private final boolean needsClientHostname;
    private final SmtpLimits limits;
    private final Anvil anvil;
    private final BareNewlines bareNewlines;

    ServerRestrictions(Map<Stage, RestrictionList> lists, EngineParameters engine, Networks mynetworks,
                       Destinations destinations, DnsLookups dns, Map<AddressRole, Restriction> unlistedChecks,
                       SmtpLimits limits, ClientLimits clientLimits, BareNewlines bareNewlines) {
        this.lists = new EnumMap<>(lists);
        this.engine = engine;
        this.mynetworks = mynetworks;
        this.destinations = destinations;
        this.dns = dns;
        this.unlistedChecks = Map.copyOf(unlistedChecks);
        this.needsClientHostname = lists.values().stream().flatMap(list -> list.entries().stream())
            .anyMatch(entry -> entry.restriction().needsClientHostname());
        this.limits = limits;
        this.anvil = new Anvil(clientLimits, java.time.Clock.systemUTC());
        this.bareNewlines = bareNewlines;
    }

    public RestrictionList list(Stage stage) {
        return lists.get(stage);
    }

    /** smtpd_delay_reject, smtpd_helo_required, soft_bounce... */
    public EngineParameters engine() {
        return engine;
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
     */
    public boolean isRemote(String domain) {
        return !destinations.isHosted(domain.toLowerCase(Locale.ROOT));
    }

    /**
     * How the pipeline must treat mail for an accepted recipient: a domain we host, one we relay for, or any other
     * (which the client was allowed to relay to). An address without a domain is ours.
     */
    public RecipientClass classify(String recipient) {
        Optional<String> domain = EnvelopeAddress.parse(recipient).normalizedDomain();
        if (domain.isEmpty() || destinations.isHosted(domain.get())) {
            return RecipientClass.HOSTED;
        }
        return destinations.isRelayed(domain.get()) ? RecipientClass.RELAY : RecipientClass.REMOTE;
    }

    /** Which domains this server receives mail for. */
    public Destinations destinations() {
        return destinations;
    }

    /**
     * The hostname of a client connecting from {@code address} (forward-confirmed PTR, else
     * {@code unknown}), looked up only when some list of this server looks at it.
     */
    public String clientHostname(String address) {
        return clientHostnameLookup(address).toCompletableFuture().join();
    }

    /** {@link #clientHostname(String)} without blocking: what the network threads use at connection time. */
    public CompletionStage<String> clientHostnameLookup(String address) {
        if (!needsClientHostname()) {
            return CompletableFuture.completedFuture(SmtpTransaction.UNKNOWN);
        }
        return ClientHostname.lookup(dns, address);
    }

    /** True when some list of this server looks at the client's hostname, which then is looked up at connection. */
    public boolean needsClientHostname() {
        return needsClientHostname;
    }

    /** reject_unlisted_recipient / reject_unlisted_sender, for smtpd_reject_unlisted_*; empty when no feature offers it. */
    Optional<Restriction> unlistedCheck(AddressRole role) {
        return Optional.ofNullable(unlistedChecks.get(role));
    }

    /** The policy of one new SMTP connection. */
    public TransactionPolicy newConnection() {
        return new TransactionPolicy(this);
    }
}
