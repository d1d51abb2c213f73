package org.postern.policy.dnsbl;

import org.postern.policy.restriction.CheckContext;
import org.postern.policy.restriction.ErrorClass;
import org.postern.policy.restriction.Outcome;

/**
 * Postfix's default_rbl_reply: {@code 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using
 * zen.spamhaus.org; <TXT record>} (maps_rbl_reject_code), the TXT part only when the list has one.
 */
final class DnsListReply {
    private DnsListReply() {
    }

    static Outcome reject(CheckContext context, int rejectCode, DnsList list, String subjectClass, String what, String reason) {
        String text = "Service unavailable; " + subjectClass + " [" + what + "] blocked using " + list.zone()
            + (reason.isEmpty() ? "" : "; " + reason);
        return context.reject(ErrorClass.POLICY, rejectCode,
            CheckContext.enhancedStatusFor("4.7.1", subjectClass), text);
    }
}
