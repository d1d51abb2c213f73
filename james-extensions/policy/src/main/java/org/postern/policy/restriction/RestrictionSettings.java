package org.postern.policy.restriction;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessAction;
import org.postern.policy.restriction.policyservice.PolicyServiceSettings;

/**
 * The main.cf settings that shape restriction replies and stages, under Postfix's names and with
 * Postfix's defaults, so an admin's existing values mean the same here. Immutable.
 */
public final class RestrictionSettings {
    public static final RestrictionSettings POSTFIX_DEFAULTS = builder().build();

    private final boolean delayReject;
    private final boolean heloRequired;
    private final boolean relayBeforeRecipientRestrictions;
    private final int rejectCode;
    private final int deferCode;
    private final int relayDomainsRejectCode;
    private final int accessMapRejectCode;
    private final int accessMapDeferCode;
    private final int mapsRblRejectCode;
    private final int nonFqdnRejectCode;
    private final int invalidHostnameRejectCode;
    private final int unknownHostnameRejectCode;
    private final int unknownAddressRejectCode;
    private final int unknownVirtualMailboxRejectCode;
    private final int multiRecipientBounceRejectCode;
    private final TempfailAction unknownHeloHostnameTempfailAction;
    private final TempfailAction unknownAddressTempfailAction;
    private final boolean showUserUnknownTableName;
    private final boolean rejectUnlistedRecipient;
    private final boolean rejectUnlistedSender;
    private final String nullAccessLookupKey;
    private final boolean allowUntrustedRouting;
    private final boolean softBounce;
    private final String recipientDelimiter;
    private final boolean accessMapsMatchSubdomains;
    private final PolicyServiceSettings policyService;

    private RestrictionSettings(Builder b) {
        delayReject = b.delayReject;
        heloRequired = b.heloRequired;
        relayBeforeRecipientRestrictions = b.relayBeforeRecipientRestrictions;
        rejectCode = b.rejectCode;
        deferCode = b.deferCode;
        relayDomainsRejectCode = b.relayDomainsRejectCode;
        accessMapRejectCode = b.accessMapRejectCode;
        accessMapDeferCode = b.accessMapDeferCode;
        mapsRblRejectCode = b.mapsRblRejectCode;
        nonFqdnRejectCode = b.nonFqdnRejectCode;
        invalidHostnameRejectCode = b.invalidHostnameRejectCode;
        unknownHostnameRejectCode = b.unknownHostnameRejectCode;
        unknownAddressRejectCode = b.unknownAddressRejectCode;
        unknownVirtualMailboxRejectCode = b.unknownVirtualMailboxRejectCode;
        multiRecipientBounceRejectCode = b.multiRecipientBounceRejectCode;
        unknownHeloHostnameTempfailAction = b.unknownHeloHostnameTempfailAction;
        unknownAddressTempfailAction = b.unknownAddressTempfailAction;
        showUserUnknownTableName = b.showUserUnknownTableName;
        rejectUnlistedRecipient = b.rejectUnlistedRecipient;
        rejectUnlistedSender = b.rejectUnlistedSender;
        nullAccessLookupKey = b.nullAccessLookupKey;
        allowUntrustedRouting = b.allowUntrustedRouting;
        softBounce = b.softBounce;
        recipientDelimiter = b.recipientDelimiter;
        accessMapsMatchSubdomains = b.accessMapsMatchSubdomains;
        policyService = b.policyService;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the settings present in {@code parameters} (main.cf names); absent ones keep Postfix's default,
     * other parameters are ignored.
     *
     * @param source the file the parameters come from, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and the value
     */
    public static RestrictionSettings fromParameters(String source, Map<String, String> parameters) {
        Builder builder = builder();
        PostfixValues.applyParameters(source, parameters, Builder.SETTERS, builder);
        return builder.build();
    }

    /** The main.cf names these settings read. */
    public static java.util.Set<String> parameterNames() {
        return Builder.SETTERS.keySet();
    }

    /** smtpd_delay_reject (yes): client, HELO and sender restrictions are applied at RCPT. */
    public boolean delayReject() {
        return delayReject;
    }

    /** smtpd_helo_required (no). */
    public boolean heloRequired() {
        return heloRequired;
    }

    /** smtpd_relay_before_recipient_restrictions (yes): relay restrictions first at RCPT. */
    public boolean relayBeforeRecipientRestrictions() {
        return relayBeforeRecipientRestrictions;
    }

    /** reject_code (554): the {@code reject} restriction. */
    public int rejectCode() {
        return rejectCode;
    }

    /** defer_code (450): the {@code defer} restriction. */
    public int deferCode() {
        return deferCode;
    }

    /** relay_domains_reject_code (554): reject_unauth_destination; defer_unauth_destination uses it minus 100. */
    public int relayDomainsRejectCode() {
        return relayDomainsRejectCode;
    }

    /** access_map_reject_code (554): access map REJECT. */
    public int accessMapRejectCode() {
        return accessMapRejectCode;
    }

    /** access_map_defer_code (450): access map DEFER, DEFER_IF_PERMIT, DEFER_IF_REJECT. */
    public int accessMapDeferCode() {
        return accessMapDeferCode;
    }

    /** maps_rbl_reject_code (554): reject_rbl_client and reject_rhsbl_*. */
    public int mapsRblRejectCode() {
        return mapsRblRejectCode;
    }

    /** non_fqdn_reject_code (504): reject_non_fqdn_*. */
    public int nonFqdnRejectCode() {
        return nonFqdnRejectCode;
    }

    /** invalid_hostname_reject_code (501): reject_invalid_helo_hostname. */
    public int invalidHostnameRejectCode() {
        return invalidHostnameRejectCode;
    }

    /** unknown_hostname_reject_code (450): reject_unknown_helo_hostname. */
    public int unknownHostnameRejectCode() {
        return unknownHostnameRejectCode;
    }

    /** unknown_address_reject_code (450): reject_unknown_sender_domain, reject_unknown_recipient_domain. */
    public int unknownAddressRejectCode() {
        return unknownAddressRejectCode;
    }

    /** unknown_virtual_mailbox_reject_code (550): reject_unlisted_recipient in a hosted domain. */
    public int unknownVirtualMailboxRejectCode() {
        return unknownVirtualMailboxRejectCode;
    }

    /** multi_recipient_bounce_reject_code (550). */
    public int multiRecipientBounceRejectCode() {
        return multiRecipientBounceRejectCode;
    }

    /** unknown_helo_hostname_tempfail_action (defer_if_permit). */
    public TempfailAction unknownHeloHostnameTempfailAction() {
        return unknownHeloHostnameTempfailAction;
    }

    /** unknown_address_tempfail_action (defer_if_permit). */
    public TempfailAction unknownAddressTempfailAction() {
        return unknownAddressTempfailAction;
    }

    /** show_user_unknown_table_name (yes): "User unknown in virtual mailbox table" rather than "User unknown". */
    public boolean showUserUnknownTableName() {
        return showUserUnknownTableName;
    }

    /** smtpd_reject_unlisted_recipient (yes): an implicit reject_unlisted_recipient ends the RCPT checks. */
    public boolean rejectUnlistedRecipient() {
        return rejectUnlistedRecipient;
    }

    /** smtpd_reject_unlisted_sender (no). */
    public boolean rejectUnlistedSender() {
        return rejectUnlistedSender;
    }

    /** smtpd_null_access_lookup_key ({@code <>}): the key check_sender_access looks up for the null sender. */
    public String nullAccessLookupKey() {
        return nullAccessLookupKey;
    }

    /** allow_untrusted_routing (no): user%host@relay.domain is not an authorized destination. */
    public boolean allowUntrustedRouting() {
        return allowUntrustedRouting;
    }

    /** soft_bounce (no): every 5xx rejection becomes 4xx, for safe testing of new rules. */
    public boolean softBounce() {
        return softBounce;
    }

    /** recipient_delimiter (none): the characters that start an address extension. */
    public String recipientDelimiter() {
        return recipientDelimiter;
    }

    /** Whether {@code smtpd_access_maps} is in parent_domain_matches_subdomains (it is by default). */
    public boolean accessMapsMatchSubdomains() {
        return accessMapsMatchSubdomains;
    }

    /** smtpd_policy_service_* defaults for check_policy_service. */
    public PolicyServiceSettings policyService() {
        return policyService;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.delayReject = delayReject;
        b.heloRequired = heloRequired;
        b.relayBeforeRecipientRestrictions = relayBeforeRecipientRestrictions;
        b.rejectCode = rejectCode;
        b.deferCode = deferCode;
        b.relayDomainsRejectCode = relayDomainsRejectCode;
        b.accessMapRejectCode = accessMapRejectCode;
        b.accessMapDeferCode = accessMapDeferCode;
        b.mapsRblRejectCode = mapsRblRejectCode;
        b.nonFqdnRejectCode = nonFqdnRejectCode;
        b.invalidHostnameRejectCode = invalidHostnameRejectCode;
        b.unknownHostnameRejectCode = unknownHostnameRejectCode;
        b.unknownAddressRejectCode = unknownAddressRejectCode;
        b.unknownVirtualMailboxRejectCode = unknownVirtualMailboxRejectCode;
        b.multiRecipientBounceRejectCode = multiRecipientBounceRejectCode;
        b.unknownHeloHostnameTempfailAction = unknownHeloHostnameTempfailAction;
        b.unknownAddressTempfailAction = unknownAddressTempfailAction;
        b.showUserUnknownTableName = showUserUnknownTableName;
        b.rejectUnlistedRecipient = rejectUnlistedRecipient;
        b.rejectUnlistedSender = rejectUnlistedSender;
        b.nullAccessLookupKey = nullAccessLookupKey;
        b.allowUntrustedRouting = allowUntrustedRouting;
        b.softBounce = softBounce;
        b.recipientDelimiter = recipientDelimiter;
        b.accessMapsMatchSubdomains = accessMapsMatchSubdomains;
        b.policyService = policyService;
        return b;
    }

    /** Builds settings; every field starts at Postfix's default. */
    public static final class Builder {
        private static final Map<String, BiConsumer<Builder, String>> SETTERS = Map.ofEntries(
            Map.entry("smtpd_delay_reject", (b, v) -> b.delayReject = PostfixValues.parseBoolean(v)),
            Map.entry("smtpd_helo_required", (b, v) -> b.heloRequired = PostfixValues.parseBoolean(v)),
            Map.entry("smtpd_relay_before_recipient_restrictions",
                (b, v) -> b.relayBeforeRecipientRestrictions = PostfixValues.parseBoolean(v)),
            Map.entry("reject_code", (b, v) -> b.rejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("defer_code", (b, v) -> b.deferCode = PostfixValues.parseRejectCode(v)),
            Map.entry("relay_domains_reject_code", (b, v) -> b.relayDomainsRejectCode = relayCode(v)),
            Map.entry("access_map_reject_code", (b, v) -> b.accessMapRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("access_map_defer_code", (b, v) -> b.accessMapDeferCode = PostfixValues.parseRejectCode(v)),
            Map.entry("maps_rbl_reject_code", (b, v) -> b.mapsRblRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("non_fqdn_reject_code", (b, v) -> b.nonFqdnRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("invalid_hostname_reject_code",
                (b, v) -> b.invalidHostnameRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("unknown_hostname_reject_code",
                (b, v) -> b.unknownHostnameRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("unknown_address_reject_code",
                (b, v) -> b.unknownAddressRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("unknown_virtual_mailbox_reject_code",
                (b, v) -> b.unknownVirtualMailboxRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("multi_recipient_bounce_reject_code",
                (b, v) -> b.multiRecipientBounceRejectCode = PostfixValues.parseRejectCode(v)),
            Map.entry("unknown_helo_hostname_tempfail_action",
                (b, v) -> b.unknownHeloHostnameTempfailAction = TempfailAction.parse(v)),
            Map.entry("unknown_address_tempfail_action",
                (b, v) -> b.unknownAddressTempfailAction = TempfailAction.parse(v)),
            Map.entry("show_user_unknown_table_name",
                (b, v) -> b.showUserUnknownTableName = PostfixValues.parseBoolean(v)),
            Map.entry("smtpd_reject_unlisted_recipient",
                (b, v) -> b.rejectUnlistedRecipient = PostfixValues.parseBoolean(v)),
            Map.entry("smtpd_reject_unlisted_sender", (b, v) -> b.rejectUnlistedSender = PostfixValues.parseBoolean(v)),
            Map.entry("smtpd_null_access_lookup_key", (b, v) -> b.nullAccessLookupKey = nonEmpty(v)),
            Map.entry("allow_untrusted_routing", (b, v) -> b.allowUntrustedRouting = PostfixValues.parseBoolean(v)),
            Map.entry("soft_bounce", (b, v) -> b.softBounce = PostfixValues.parseBoolean(v)),
            Map.entry("recipient_delimiter", (b, v) -> b.recipientDelimiter = v.strip()),
            Map.entry("parent_domain_matches_subdomains", (b, v) -> b.accessMapsMatchSubdomains =
                Arrays.asList(v.strip().split("[\\s,]+")).contains("smtpd_access_maps")),
            Map.entry("smtpd_policy_service_timeout",
                (b, v) -> b.policyService = b.policyService.withTimeout(PostfixValues.parseTime(v))),
            Map.entry("smtpd_policy_service_max_idle",
                (b, v) -> b.policyService = b.policyService.withMaxIdle(PostfixValues.parseTime(v))),
            Map.entry("smtpd_policy_service_max_ttl",
                (b, v) -> b.policyService = b.policyService.withMaxTtl(PostfixValues.parseTime(v))),
            Map.entry("smtpd_policy_service_request_limit",
                (b, v) -> b.policyService = b.policyService.withRequestLimit(PostfixValues.parseCount(v))),
            Map.entry("smtpd_policy_service_try_limit",
                (b, v) -> b.policyService = b.policyService.withTryLimit(tryLimit(v))),
            Map.entry("smtpd_policy_service_retry_delay",
                (b, v) -> b.policyService = b.policyService.withRetryDelay(PostfixValues.parseTime(v))),
            Map.entry("smtpd_policy_service_default_action",
                (b, v) -> b.policyService = b.policyService.withDefaultAction(defaultAction(v))),
            Map.entry("smtpd_policy_service_policy_context",
                (b, v) -> b.policyService = b.policyService.withPolicyContext(v.strip())));

        private boolean delayReject = true;
        private boolean heloRequired;
        private boolean relayBeforeRecipientRestrictions = true;
        private int rejectCode = 554;
        private int deferCode = 450;
        private int relayDomainsRejectCode = 554;
        private int accessMapRejectCode = 554;
        private int accessMapDeferCode = 450;
        private int mapsRblRejectCode = 554;
        private int nonFqdnRejectCode = 504;
        private int invalidHostnameRejectCode = 501;
        private int unknownHostnameRejectCode = 450;
        private int unknownAddressRejectCode = 450;
        private int unknownVirtualMailboxRejectCode = 550;
        private int multiRecipientBounceRejectCode = 550;
        private TempfailAction unknownHeloHostnameTempfailAction = TempfailAction.DEFER_IF_PERMIT;
        private TempfailAction unknownAddressTempfailAction = TempfailAction.DEFER_IF_PERMIT;
        private boolean showUserUnknownTableName = true;
        private boolean rejectUnlistedRecipient = true;
        private boolean rejectUnlistedSender;
        private String nullAccessLookupKey = "<>";
        private boolean allowUntrustedRouting;
        private boolean softBounce;
        private String recipientDelimiter = "";
        private boolean accessMapsMatchSubdomains = true;
        private PolicyServiceSettings policyService = PolicyServiceSettings.POSTFIX_DEFAULTS;

        private Builder() {
        }

        public Builder delayReject(boolean value) {
            delayReject = value;
            return this;
        }

        public Builder heloRequired(boolean value) {
            heloRequired = value;
            return this;
        }

        public Builder relayBeforeRecipientRestrictions(boolean value) {
            relayBeforeRecipientRestrictions = value;
            return this;
        }

        public Builder unknownAddressRejectCode(int value) {
            unknownAddressRejectCode = value;
            return this;
        }

        public Builder unknownAddressTempfailAction(TempfailAction value) {
            unknownAddressTempfailAction = value;
            return this;
        }

        public Builder rejectUnlistedRecipient(boolean value) {
            rejectUnlistedRecipient = value;
            return this;
        }

        public Builder softBounce(boolean value) {
            softBounce = value;
            return this;
        }

        public Builder recipientDelimiter(String value) {
            recipientDelimiter = value;
            return this;
        }

        public Builder policyService(PolicyServiceSettings value) {
            policyService = value;
            return this;
        }

        /** Sets any setting by its main.cf name, validated as in a file. */
        public Builder set(String parameter, String value) {
            BiConsumer<Builder, String> setter = SETTERS.get(parameter);
            if (setter == null) {
                throw new IllegalArgumentException("not a restriction setting: " + parameter);
            }
            setter.accept(this, value);
            return this;
        }

        public RestrictionSettings build() {
            return new RestrictionSettings(this);
        }

        private static int relayCode(String value) {
            int code = PostfixValues.parseRejectCode(value);
            // defer_unauth_destination answers this code minus 100: it must stay a 4xx.
            if (code / 100 != 5) {
                throw new IllegalArgumentException("'" + value + "' must be a 5xx code (defer_unauth_destination uses it minus 100)");
            }
            return code;
        }

        private static int tryLimit(String value) {
            int limit = PostfixValues.parseCount(value);
            if (limit < 1) {
                throw new IllegalArgumentException("'" + value + "' must be at least 1");
            }
            return limit;
        }

        private static String nonEmpty(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return value.strip();
        }

        private static String defaultAction(String value) {
            try {
                AccessAction.parse(value, "smtpd_policy_service_default_action", "(default action)");
            } catch (InvalidConfigurationException e) {
                throw new IllegalArgumentException("'" + value + "' is not an access action", e);
            }
            return value.strip();
        }
    }
}
