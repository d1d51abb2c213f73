package org.postern.policy.helo;

import java.util.List;

import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.ServerParameters;
import org.postern.policy.restriction.TempfailAction;

/**
 * The reply codes of the HELO checks, under Postfix's names.
 *
 * @param invalidHostnameRejectCode invalid_hostname_reject_code (501)
 * @param nonFqdnRejectCode         non_fqdn_reject_code (504)
 * @param unknownHostnameRejectCode unknown_hostname_reject_code (450)
 * @param tempfailAction            unknown_helo_hostname_tempfail_action (defer_if_permit)
 */
public record HeloParameters(int invalidHostnameRejectCode, int nonFqdnRejectCode, int unknownHostnameRejectCode,
                             TempfailAction tempfailAction) {

    static final List<Parameter> PARAMETERS = List.of(
        Parameter.of("invalid_hostname_reject_code", "501"),
        Parameter.of("non_fqdn_reject_code", "504"),
        Parameter.of("unknown_hostname_reject_code", "450"),
        Parameter.of("unknown_helo_hostname_tempfail_action", "defer_if_permit"));

    public static final HeloParameters POSTFIX_DEFAULTS = new HeloParameters(501, 504, 450, TempfailAction.DEFER_IF_PERMIT);

    static HeloParameters from(ServerParameters parameters) {
        return new HeloParameters(parameters.rejectCode("invalid_hostname_reject_code"),
            parameters.rejectCode("non_fqdn_reject_code"), parameters.rejectCode("unknown_hostname_reject_code"),
            parameters.get("unknown_helo_hostname_tempfail_action", TempfailAction::parse));
    }
}
