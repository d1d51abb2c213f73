package org.postern.policy.virtual;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.table.RecipientDelimiter;

/**
 * How addresses of hosted domains are resolved, under Postfix's names where Postfix has them:
 *
 * @param delimiter    recipient_delimiter (none by default; {@code +} shipped): {@code alice+news@} is
 *                     {@code alice@} with the extension {@code news}, looked up with its extension first
 * @param roleAccounts virtual_role_accounts ({@code postmaster, abuse}): local parts that every hosted domain
 *                     receives, for the server's postmaster, unless the domain has its own user or alias by that
 *                     name (RFC 2142)
 */
public record VirtualSettings(RecipientDelimiter delimiter, Set<String> roleAccounts) {

    public static final List<Parameter> PARAMETERS = List.of(
        Parameter.of("recipient_delimiter", ""),
        Parameter.of("virtual_role_accounts", "postmaster, abuse"));

    public static final VirtualSettings POSTFIX_DEFAULTS = new VirtualSettings(RecipientDelimiter.none(),
        Set.of("postmaster", "abuse"));

    public VirtualSettings {
        roleAccounts = roleAccounts.stream().map(account -> account.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static VirtualSettings from(ServerParameters parameters) {
        return new VirtualSettings(RecipientDelimiter.of(parameters.string("recipient_delimiter").strip()),
            parameters.get("virtual_role_accounts", VirtualSettings::localParts));
    }

    private static Set<String> localParts(String value) {
        Set<String> parts = new LinkedHashSet<>();
        for (String part : value.strip().split("[\\s,]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!part.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("'" + part + "' is not a local part such as postmaster or abuse");
            }
            parts.add(part);
        }
        return parts;
    }
}
