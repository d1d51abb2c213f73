package org.postern.policy.restriction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessMap;
import org.postern.policy.access.AccessSearch;
import org.postern.policy.restriction.check.AddressRole;
import org.postern.policy.restriction.check.CheckAccess;
import org.postern.policy.restriction.check.CheckPolicyService;
import org.postern.policy.restriction.check.Defer;
import org.postern.policy.restriction.check.DeferIfPermit;
import org.postern.policy.restriction.check.DeferIfReject;
import org.postern.policy.restriction.check.Permit;
import org.postern.policy.restriction.check.PermitAuthDestination;
import org.postern.policy.restriction.check.PermitDnswlClient;
import org.postern.policy.restriction.check.PermitMynetworks;
import org.postern.policy.restriction.check.PermitSaslAuthenticated;
import org.postern.policy.restriction.check.Reject;
import org.postern.policy.restriction.check.RejectInvalidHeloHostname;
import org.postern.policy.restriction.check.RejectMultiRecipientBounce;
import org.postern.policy.restriction.check.RejectNonFqdnAddress;
import org.postern.policy.restriction.check.RejectNonFqdnHeloHostname;
import org.postern.policy.restriction.check.RejectRblClient;
import org.postern.policy.restriction.check.RejectRhsbl;
import org.postern.policy.restriction.check.RejectSenderLoginMismatch;
import org.postern.policy.restriction.check.RejectUnauthDestination;
import org.postern.policy.restriction.check.RejectUnauthPipelining;
import org.postern.policy.restriction.check.RejectUnknownAddressDomain;
import org.postern.policy.restriction.check.RejectUnknownHeloHostname;
import org.postern.policy.restriction.check.RejectUnlistedAddress;
import org.postern.policy.restriction.dns.DnsList;
import org.postern.policy.restriction.dns.DnsLookups;
import org.postern.policy.restriction.policyservice.PolicyServiceEndpoint;

/**
 * Reads a restriction list as written in main.cf ({@code check_recipient_access hash:/etc/postfix/access,
 * permit_mynetworks reject_unauth_destination}): names separated by commas and/or blanks, continuation
 * lines already joined, {@code { ... }} kept as one token. A restriction that takes an argument consumes
 * the next token; {@code warn_if_reject} applies to the next restriction only; a bare {@code type:name}
 * stands for the stage's access check. Anything that cannot work — an unknown name, a missing argument,
 * a table that does not open, a restriction whose collaborator is not configured — is an
 * {@link InvalidConfigurationException} naming the file, the list and the token, at startup.
 */
public final class RestrictionListParser {
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

    private interface Factory {
        Restriction create(String argument);
    }

    private record Spec(boolean takesArgument, Factory factory) {
    }

    private final String source;
    private final RestrictionSettings settings;
    private final Networks mynetworks;
    private final RestrictionEnvironment environment;
    private final AccessSearch search;
    private final Map<String, Spec> specs = new HashMap<>();

    /**
     * @param source the file the lists come from ({@code conf/policy/smtp.cf}), named in every error
     */
    public RestrictionListParser(String source, RestrictionSettings settings, Networks mynetworks,
                                 RestrictionEnvironment environment) {
        this.source = source;
        this.settings = settings;
        this.mynetworks = mynetworks;
        this.environment = environment;
        this.search = environment.accessSearch()
            .orElseGet(() -> AccessSearch.postfix(settings.recipientDelimiter(), settings.accessMapsMatchSubdomains()));
        registerRestrictions();
    }

    /** Parses the list named by its main.cf parameter, e.g. {@code smtpd_recipient_restrictions}. */
    public RestrictionList parse(String listName, String value) {
        Stage stage = Stage.forParameter(listName).orElseThrow(() -> new InvalidConfigurationException(
            source + ": " + listName + ": not a restriction list"));
        return parse(stage, value);
    }

    public RestrictionList parse(Stage stage, String value) {
        List<String> tokens = tokenize(value, stage.parameterName());
        return new RestrictionList(stage, entries(tokens, stage.parameterName(), Optional.of(stage), true), settings);
    }

    /** Restriction names from an access map value or policy answer: no tables, no policy services. */
    List<RestrictionList.Entry> parseNested(List<String> names, String origin) {
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
        Optional<String> check = stage.flatMap(Stage::defaultAccessCheck);
        if (!tablesAllowed || check.isEmpty()) {
            throw error(listName, token, "a table needs check_client_access, check_helo_access, check_sender_access"
                + " or check_recipient_access before it");
        }
        return create(specs.get(check.get()), check.get(), token, listName);
    }

    private Restriction create(Spec spec, String name, String argument, String listName) {
        try {
            return spec.factory().create(argument);
        } catch (InvalidConfigurationException | IllegalArgumentException | IllegalStateException e) {
            throw error(listName, argument == null ? name : name + " " + argument, e.getMessage());
        }
    }

    private InvalidConfigurationException error(String listName, String token, String reason) {
        return new InvalidConfigurationException(source + ": " + listName + ": \"" + token + "\": " + reason);
    }

    private void registerRestrictions() {
        plain("permit", Permit::new);
        plain("reject", Reject::new);
        plain("defer", Defer::new);
        plain("defer_if_permit", DeferIfPermit::new);
        plain("defer_if_reject", DeferIfReject::new);
        plain("reject_unauth_pipelining", RejectUnauthPipelining::new);
        plain("permit_mynetworks", () -> new PermitMynetworks(mynetworks));
        plain("permit_sasl_authenticated", PermitSaslAuthenticated::new);
        plain("reject_unauth_destination", () -> new RejectUnauthDestination(destinations(), false));
        plain("defer_unauth_destination", () -> new RejectUnauthDestination(destinations(), true));
        plain("permit_auth_destination", () -> new PermitAuthDestination(destinations()));
        plain("reject_multi_recipient_bounce", RejectMultiRecipientBounce::new);
        plainWithAlias("reject_invalid_helo_hostname", "reject_invalid_hostname", RejectInvalidHeloHostname::new);
        plainWithAlias("reject_non_fqdn_helo_hostname", "reject_non_fqdn_hostname", RejectNonFqdnHeloHostname::new);
        plainWithAlias("reject_unknown_helo_hostname", "reject_unknown_hostname", () -> new RejectUnknownHeloHostname(dns()));
        for (AddressRole role : AddressRole.values()) {
            plain("reject_non_fqdn_" + role.word(), () -> new RejectNonFqdnAddress(role));
            plain("reject_unknown_" + role.word() + "_domain",
                () -> new RejectUnknownAddressDomain(role, dns(), destinations()));
            plain("reject_unlisted_" + role.word(), () -> new RejectUnlistedAddress(role, localRecipients()));
        }
        specs.put("check_recipient_maps", specs.get("reject_unlisted_recipient"));
        for (RejectSenderLoginMismatch.Mode mode : RejectSenderLoginMismatch.Mode.values()) {
            plain(mode.restrictionName(), () -> new RejectSenderLoginMismatch(mode, senderLogins()));
        }
        withArgument("reject_rbl_client", zone -> new RejectRblClient(DnsList.parse(zone), dns()));
        specs.put("reject_rbl", specs.get("reject_rbl_client"));
        withArgument("permit_dnswl_client", zone -> new PermitDnswlClient(DnsList.parse(zone), dns(), destinations()));
        for (RejectRhsbl.Target target : RejectRhsbl.Target.values()) {
            withArgument("reject_rhsbl_" + target.name().toLowerCase(Locale.ROOT),
                zone -> new RejectRhsbl(target, DnsList.parse(zone), dns()));
        }
        for (CheckAccess.Target target : CheckAccess.Target.values()) {
            withArgument(target.restrictionName(), reference -> new CheckAccess(target, accessMap(reference), this::parseNested));
        }
        withArgument("check_policy_service", service -> new CheckPolicyService(environment.policyServices()
            .clientFor(PolicyServiceEndpoint.parse(service, settings.policyService())), this::parseNested));
    }

    private void plain(String name, java.util.function.Supplier<Restriction> factory) {
        specs.put(name, new Spec(false, argument -> factory.get()));
    }

    private void plainWithAlias(String name, String alias, java.util.function.Supplier<Restriction> factory) {
        plain(name, factory);
        specs.put(alias, specs.get(name));
    }

    private void withArgument(String name, Factory factory) {
        specs.put(name, new Spec(true, factory));
    }

    private AccessMap accessMap(String reference) {
        if (reference.indexOf(':') <= 0) {
            throw new IllegalArgumentException("need a table reference such as hash:/etc/postfix/access or db:name");
        }
        TableResolver tables = environment.tables().orElseThrow(() -> new IllegalStateException("no lookup tables are configured"));
        return new AccessMap(tables.open(reference), search);
    }

    private DnsLookups dns() {
        return environment.dns().orElseThrow(() -> new IllegalStateException("needs DNS, and no resolver is configured"));
    }

    private Destinations destinations() {
        return environment.destinations().orElseThrow(
            () -> new IllegalStateException("needs the list of our domains, and none is configured"));
    }

    private LocalRecipients localRecipients() {
        return environment.localRecipients().orElseThrow(
            () -> new IllegalStateException("needs the list of our users, and none is configured"));
    }

    private SenderLogins senderLogins() {
        return environment.senderLogins().orElseThrow(
            () -> new IllegalStateException("needs smtpd_sender_login_maps, and none is configured"));
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
}
