package org.postern.policy.restriction;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.anvil.ClientLimits;
import org.postern.policy.dns.DnsLookups;
import org.postern.policy.limits.BareNewlines;
import org.postern.policy.limits.SmtpLimits;
import org.postern.policy.syntax.Networks;

/**
 * The restriction engine: the features whose checks the lists may name, and the two collaborators the engine
 * needs itself (our destinations, to tell relayed recipients apart; DNS, for the client's hostname). It turns
 * one SMTP server's parameters into its {@link ServerRestrictions}. Immutable; built once at startup.
 */
public final class PolicyEngine {
    private final List<RestrictionFeature> features;
    private final Destinations destinations;
    private final DnsLookups dns;
    private final Map<String, String> defaults;

    /**
     * @throws IllegalStateException when two features declare one parameter with different defaults
     */
    public PolicyEngine(List<? extends RestrictionFeature> features, Destinations destinations, DnsLookups dns) {
        this.features = List.copyOf(features);
        this.destinations = destinations;
        this.dns = dns;
        Map<String, String> declared = new HashMap<>();
        EngineParameters.PARAMETERS.forEach(parameter -> declare(declared, parameter, "the restriction engine"));
        for (RestrictionFeature feature : this.features) {
            feature.parameters().forEach(parameter -> declare(declared, parameter, feature.getClass().getSimpleName()));
        }
        this.defaults = Map.copyOf(declared);
    }

    private static void declare(Map<String, String> declared, Parameter parameter, String by) {
        String earlier = declared.putIfAbsent(parameter.name(), parameter.defaultValue());
        if (earlier != null && !earlier.equals(parameter.defaultValue())) {
            throw new IllegalStateException(by + " declares " + parameter.name() + " = " + parameter.defaultValue()
                + ", another feature " + earlier);
        }
    }

    /**
     * Every main.cf parameter a server reads (lists, mynetworks, the engine's, the features' and the limits'):
     * any other name in the policy file is unused, which Postfix's postconf warns about too.
     */
    public Set<String> parameterNames() {
        Set<String> names = new HashSet<>(defaults.keySet());
        names.addAll(SmtpLimits.PARAMETERS);
        names.addAll(ClientLimits.PARAMETERS);
        names.addAll(BareNewlines.PARAMETERS);
        names.add("mynetworks");
        for (Stage stage : Stage.values()) {
            names.add(stage.parameterName());
        }
        return Set.copyOf(names);
    }

    /**
     * Parses one server's parameters (main.cf names; absent ones take Postfix's defaults, mynetworks defaults to
     * loopback).
     *
     * @param source the file (and section), named in every error
     * @throws InvalidConfigurationException for a bad list or parameter, or when neither the relay nor the
     *         recipient list refuses unauthorised destinations (we would be an open relay)
     */
    public ServerRestrictions server(String source, Map<String, String> parameters) {
        ServerParameters serverParameters = parameters(source, parameters);
        Networks mynetworks = serverParameters.mynetworks();
        EngineParameters engine = EngineParameters.from(serverParameters);
        SmtpLimits limits = SmtpLimits.fromParameters(source, parameters);
        ClientLimits clientLimits = ClientLimits.fromParameters(source, parameters, mynetworks);
        BareNewlines bareNewlines = BareNewlines.fromParameters(source, parameters, mynetworks);
        RestrictionListParser parser = new RestrictionListParser(serverParameters, features);
        Map<Stage, RestrictionList> lists = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            String defaultValue = stage == Stage.RELAY ? ServerRestrictions.DEFAULT_RELAY_RESTRICTIONS : "";
            lists.put(stage, parser.parse(stage, parameters.getOrDefault(stage.parameterName(), defaultValue), engine));
        }
        if (!closesRelay(lists.get(Stage.RELAY)) && !closesRelay(lists.get(Stage.RECIPIENT))) {
            throw new InvalidConfigurationException(source + ": in smtpd_relay_restrictions or "
                + "smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, "
                + "defer_unauth_destination, reject, defer or defer_if_permit (otherwise this server relays for anyone)");
        }
        Map<AddressRole, Restriction> unlisted = new EnumMap<>(AddressRole.class);
        for (AddressRole role : AddressRole.values()) {
            Optional<Restriction> check = parser.create("reject_unlisted_" + role.word());
            check.ifPresent(restriction -> unlisted.put(role, restriction));
        }
        return new ServerRestrictions(lists, engine, mynetworks, destinations, dns, unlisted, limits, clientLimits,
            bareNewlines);
    }

    /**
     * One server's parameters as the features read them: the declared defaults under the written values.
     *
     * @throws InvalidConfigurationException when mynetworks is malformed
     */
    public ServerParameters parameters(String source, Map<String, String> parameters) {
        Networks mynetworks = Networks.parse(source, "mynetworks", parameters.getOrDefault("mynetworks", Networks.LOOPBACK));
        return new ServerParameters(source, parameters, defaults, mynetworks);
    }

    /** The features whose restrictions the lists may name. */
    public List<RestrictionFeature> features() {
        return features;
    }

    /**
     * Postfix's has_required: a list closes the relay if it holds one of the refusing restrictions before
     * any unconditional {@code permit}; one only under warn_if_reject does not count.
     */
    private static boolean closesRelay(RestrictionList list) {
        for (RestrictionList.Entry entry : list.entries()) {
            if (entry.warnIfReject()) {
                continue;
            }
            if (entry.restriction().name().equals("permit")) {
                return false;
            }
            if (entry.restriction().guardsRelay()) {
                return true;
            }
        }
        return false;
    }
}
