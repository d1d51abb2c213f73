package org.postern.policy.restriction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.postern.config.InvalidConfigurationException;

/**
 * Reads a restriction list as written in main.cf ({@code check_recipient_access hash:/etc/postfix/access,
 * permit_mynetworks reject_unauth_destination}): names separated by commas and/or blanks, continuation
 * lines already joined, {@code { ... }} kept as one token. A restriction that takes an argument consumes
 * the next token; {@code warn_if_reject} applies to the next restriction only; a bare {@code type:name}
 * stands for the stage's access check. The names are those the {@link RestrictionFeature}s registered for
 * this server. Anything that cannot work — an unknown name, a missing argument, a table that does not open —
 * is an {@link InvalidConfigurationException} naming the file, the list and the token, at startup.
 */
public final class RestrictionListParser implements NestedRestrictions {
    /** Postfix restrictions we recognise but do not implement: named as such, not as typos. */
    private static final Set<String> NOT_SUPPORTED = Set.of("permit_inet_interfaces", "permit_tls_clientcerts",
        "permit_tls_all_clientcerts", "check_ccert_access", "check_sasl_access", "check_reverse_client_access",
        "check_client_ns_access", "check_client_mx_access", "check_client_a_access", "check_helo_ns_access",
        "check_helo_mx_access", "check_helo_a_access", "check_sender_ns_access", "check_sender_mx_access",
        "check_sender_a_access", "check_recipient_ns_access", "check_recipient_mx_access",
        "check_recipient_a_access", "check_reverse_client_ns_access", "check_reverse_client_mx_access",
        "check_reverse_client_a_access", "reject_unknown_client_hostname", "reject_unknown_client",
        "reject_unknown_reverse_client_hostname", "reject_unverified_sender", "reject_unverified_recipient",
        "reject_plaintext_session", "permit_mx_backup", "check_relay_domains", "reject_maps_rbl",
        "permit_rhswl_client", "reject_rhsbl_reverse_client", "check_etrn_access", "sleep",
        "permit_naked_ip_address", "reject_unknown_address");

    private record Spec(boolean takesArgument, Function<String, Restriction> factory) {
    }

    private final String source;
    private final Map<String, Spec> specs = new HashMap<>();

    /**
     * @param parameters the server's parameters (their source, {@code conf/policy.cf [submission]}, is named in
     *                   every error)
     * @param features   every feature whose restrictions the lists may name
     */
    public RestrictionListParser(ServerParameters parameters, Collection<? extends RestrictionFeature> features) {
        this.source = parameters.source();
        Registrar registrar = new Registrar();
        for (RestrictionFeature feature : features) {
            feature.register(registrar, parameters);
        }
    }

    /** Parses the list named by its main.cf parameter, e.g. {@code smtpd_recipient_restrictions}. */
    public RestrictionList parse(String listName, String value, EngineParameters engine) {
        Stage stage = Stage.forParameter(listName).orElseThrow(() -> new InvalidConfigurationException(
            source + ": " + listName + ": not a restriction list"));
        return parse(stage, value, engine);
    }

    public RestrictionList parse(Stage stage, String value, EngineParameters engine) {
        List<String> tokens = tokenize(value, stage.parameterName());
        return new RestrictionList(stage, entries(tokens, stage.parameterName(), Optional.of(stage), true), engine);
    }

    /** The restriction registered as {@code name} (one that takes no argument), if some feature registered it. */
    public Optional<Restriction> create(String name) {
        Spec spec = specs.get(name);
        if (spec == null || spec.takesArgument()) {
            return Optional.empty();
        }
        return Optional.of(create(spec, name, null, name));
    }

    /** Restriction names from an access map value or policy answer: no tables, no policy services. */
    @Override
    public List<RestrictionList.Entry> parse(List<String> names, String origin) {
        return entries(names, origin, Optional.empty(), false);
    }

    private List<RestrictionList.Entry> entries(List<String> tokens, String listName, Optional<Stage> stage,
                                                boolean tablesAllowed) {
        List<RestrictionList.Entry> entries = new ArrayList<>();
        boolean warnIfReject = false;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String name = token.toLowerCase(Locale.ROOT);
            if (name.equals("warn_if_reject")) {
                warnIfReject = true;
                continue;
            }
            Restriction restriction;
            if (token.indexOf(':') >= 0 && !specs.containsKey(name)) {
                restriction = bareTable(token, listName, stage, tablesAllowed);
            } else {
                Spec spec = specs.get(name);
                if (spec == null) {
                    throw error(listName, token, NOT_SUPPORTED.contains(name)
                        ? "restriction is not supported by this server" : "unknown restriction");
                }
                String argument = null;
                if (spec.takesArgument()) {
                    if (i + 1 >= tokens.size()) {
                        throw error(listName, token, "missing argument");
                    }
                    argument = tokens.get(++i);
                }
                if (!tablesAllowed && spec.takesArgument() && name.startsWith("check_")) {
                    throw error(listName, token, "tables and policy services cannot be named inside an access map");
                }
                restriction = create(spec, name, argument, listName);
            }
            entries.add(new RestrictionList.Entry(restriction, warnIfReject));
            warnIfReject = false;
        }
        if (warnIfReject) {
            throw error(listName, "warn_if_reject", "must be followed by the restriction it applies to");
        }
        return entries;
    }

    private Restriction bareTable(String token, String listName, Optional<Stage> stage, boolean tablesAllowed) {
        Optional<String> check = stage.flatMap(Stage::defaultAccessCheck).filter(specs::containsKey);
        if (!tablesAllowed || check.isEmpty()) {
            throw error(listName, token, "a table needs check_client_access, check_helo_access, check_sender_access"
                + " or check_recipient_access before it");
        }
        return create(specs.get(check.get()), check.get(), token, listName);
    }

    private Restriction create(Spec spec, String name, String argument, String listName) {
        try {
            return spec.factory().apply(argument);
        } catch (InvalidConfigurationException | IllegalArgumentException | IllegalStateException e) {
            throw error(listName, argument == null ? name : name + " " + argument, e.getMessage());
        }
    }

    private InvalidConfigurationException error(String listName, String token, String reason) {
        return new InvalidConfigurationException(source + ": " + listName + ": \"" + token + "\": " + reason);
    }

    /** Splits at commas and blanks; a {@code { ... }} group, possibly nested, stays one token. */
    private List<String> tokenize(String value, String listName) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : value.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth < 0) {
                    throw error(listName, current + "}", "unbalanced '}'");
                }
            }
            if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (depth != 0) {
            throw error(listName, current.toString(), "missing '}'");
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /** What the features register into; two features claiming one name is a programming error. */
    private final class Registrar implements RestrictionRegistrar {
        @Override
        public void plain(String name, Supplier<Restriction> factory) {
            add(name, new Spec(false, argument -> factory.get()));
        }

        @Override
        public void withArgument(String name, Function<String, Restriction> factory) {
            add(name, new Spec(true, factory));
        }

        @Override
        public void alias(String alias, String name) {
            Spec spec = specs.get(name);
            if (spec == null) {
                throw new IllegalStateException("alias " + alias + " of unregistered restriction " + name);
            }
            add(alias, spec);
        }

        @Override
        public NestedRestrictions nested() {
            return RestrictionListParser.this;
        }

        private void add(String name, Spec spec) {
            if (specs.putIfAbsent(name, spec) != null) {
                throw new IllegalStateException("restriction " + name + " is registered twice");
            }
        }
    }
}
