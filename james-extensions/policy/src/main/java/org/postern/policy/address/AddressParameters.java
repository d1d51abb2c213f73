package org.postern.policy.address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.restriction.TempfailAction;
import org.postern.policy.virtual.VirtualSettings;

/**
 * The replies of the sender and recipient address checks, under Postfix's names.
 *
 * @param nonFqdnRejectCode                non_fqdn_reject_code (504)
 * @param unknownAddressRejectCode         unknown_address_reject_code (450)
 * @param unknownAddressTempfailAction     unknown_address_tempfail_action (defer_if_permit)
 * @param unknownVirtualMailboxRejectCode  unknown_virtual_mailbox_reject_code (550)
 * @param showUserUnknownTableName         show_user_unknown_table_name (yes)
 * @param multiRecipientBounceRejectCode   multi_recipient_bounce_reject_code (550)
 * @param relocatedMaps                    relocated_maps (none): the tables of users who moved, as written
 * @param virtual                          recipient_delimiter and virtual_role_accounts: how addresses of hosted
 *                                         domains are resolved
 */
public record AddressParameters(int nonFqdnRejectCode, int unknownAddressRejectCode,
                                TempfailAction unknownAddressTempfailAction, int unknownVirtualMailboxRejectCode,
                                boolean showUserUnknownTableName, int multiRecipientBounceRejectCode,
                                List<String> relocatedMaps, VirtualSettings virtual) {

    static final List<Parameter> PARAMETERS;

    static {
        List<Parameter> parameters = new ArrayList<>(List.of(
            Parameter.of("non_fqdn_reject_code", "504"),
            Parameter.of("unknown_address_reject_code", "450"),
            Parameter.of("unknown_address_tempfail_action", "defer_if_permit"),
            Parameter.of("unknown_virtual_mailbox_reject_code", "550"),
            Parameter.of("show_user_unknown_table_name", "yes"),
            Parameter.of("multi_recipient_bounce_reject_code", "550"),
            Parameter.of("relocated_maps", "")));
        parameters.addAll(VirtualSettings.PARAMETERS);
        PARAMETERS = List.copyOf(parameters);
    }

    public AddressParameters {
        relocatedMaps = List.copyOf(relocatedMaps);
    }

    static AddressParameters from(ServerParameters parameters) {
        return new AddressParameters(parameters.rejectCode("non_fqdn_reject_code"),
            parameters.rejectCode("unknown_address_reject_code"),
            parameters.get("unknown_address_tempfail_action", TempfailAction::parse),
            parameters.rejectCode("unknown_virtual_mailbox_reject_code"),
            parameters.bool("show_user_unknown_table_name"),
            parameters.rejectCode("multi_recipient_bounce_reject_code"),
            Arrays.stream(parameters.string("relocated_maps").strip().split("[\\s,]+")).filter(map -> !map.isEmpty()).toList(),
            VirtualSettings.from(parameters));
    }
}
