package org.postern.policy.access;

import java.util.Arrays;
import java.util.List;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.ServerParameters;

/**
 * How access maps are searched and what their actions answer, under Postfix's names.
 *
 * @param rejectCode                    access_map_reject_code (554): REJECT
 * @param deferCode                     access_map_defer_code (450): DEFER, DEFER_IF_PERMIT, DEFER_IF_REJECT
 * @param nullAccessLookupKey           smtpd_null_access_lookup_key ({@code <>}): the key of the null sender
 * @param parentMatchesSubdomains       whether parent_domain_matches_subdomains lists smtpd_access_maps (it does by
 *                                      default): {@code example.com} then matches {@code sub.example.com}
 * @param recipientDelimiter            recipient_delimiter (none): {@code user+ext@} is also looked up as {@code user@}
 * @param allowUntrustedRouting         allow_untrusted_routing (no): an OK never authorises {@code user%host@ours}
 */
public record AccessParameters(int rejectCode, int deferCode, String nullAccessLookupKey, boolean parentMatchesSubdomains,
                               String recipientDelimiter, boolean allowUntrustedRouting) {

    /** Postfix's default parent_domain_matches_subdomains. */
    static final String PARENT_DOMAIN_MATCHES_SUBDOMAINS = "debug_peer_list, fast_flush_domains, mynetworks, "
        + "permit_mx_backup_networks, qmqpd_authorized_clients, relay_domains, smtpd_access_maps";

    public static final List<Parameter> PARAMETERS = List.of(
        Parameter.of("access_map_reject_code", "554"),
        Parameter.of("access_map_defer_code", "450"),
        Parameter.of("smtpd_null_access_lookup_key", "<>"),
        Parameter.of("parent_domain_matches_subdomains", PARENT_DOMAIN_MATCHES_SUBDOMAINS),
        Parameter.of("recipient_delimiter", ""),
        Parameter.of("allow_untrusted_routing", "no"));

    public static final AccessParameters POSTFIX_DEFAULTS = new AccessParameters(554, 450, "<>", true, "", false);

    public static AccessParameters from(ServerParameters parameters) {
        return new AccessParameters(parameters.rejectCode("access_map_reject_code"),
            parameters.rejectCode("access_map_defer_code"),
            parameters.get("smtpd_null_access_lookup_key", AccessParameters::nonEmpty),
            parameters.get("parent_domain_matches_subdomains",
                value -> Arrays.asList(value.strip().split("[\\s,]+")).contains("smtpd_access_maps")),
            parameters.string("recipient_delimiter").strip(),
            parameters.bool("allow_untrusted_routing"));
    }

    /** Postfix's search order for these parameters. */
    public AccessSearch search() {
        return AccessSearch.postfix(recipientDelimiter, parentMatchesSubdomains);
    }

    private static String nonEmpty(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return value.strip();
    }
}
