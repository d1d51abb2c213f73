package org.postern.policy.restriction;

/**
 * Postfix's {@code smtpd_dsn_fix}: an address-related status code (X.1.Y) is rewritten to fit what is
 * being rejected, because one access map entry or DNSBL reply may serve senders, recipients and hosts
 * alike. A recipient code becomes the matching sender code when rejecting a sender and vice versa; an
 * address code becomes 4.0.0 when rejecting a host or a command. Other codes are left alone.
 */
final class EnhancedStatus {
    private static final String SENDER = "Sender address";
    private static final String RECIPIENT = "Recipient address";
    // Indexed by the detail digit of X.1.D: {sender code, recipient code}.
    private static final String[][] ADDRESS_CODES = {
        {"4.1.0", "4.1.0"}, // 0 and anything unlisted
        {"4.1.0", "4.1.1"}, // bad destination mailbox
        {"4.1.8", "4.1.2"}, // bad destination system
        {"4.1.7", "4.1.3"}, // bad destination mailbox syntax
        {"4.1.0", "4.1.4"}, // destination ambiguous
        {"4.1.0", "4.1.5"}, // destination valid
        {"4.1.0", "4.1.6"}, // mailbox has moved
        {"4.1.7", "4.1.3"}, // bad sender mailbox syntax
        {"4.1.8", "4.1.2"}, // bad sender system
    };

    private EnhancedStatus() {
    }

    static String forSubject(String status, String subjectClass) {
        if (status.length() < 5 || !status.startsWith(".1.", 1)) {
            return status;
        }
        String detail = status.substring(4);
        int index = detail.length() == 1 && Character.isDigit(detail.charAt(0)) ? detail.charAt(0) - '0' : 0;
        if (index >= ADDRESS_CODES.length) {
            index = 0;
        }
        String fixed;
        if (SENDER.equals(subjectClass)) {
            fixed = ADDRESS_CODES[index][0];
        } else if (RECIPIENT.equals(subjectClass)) {
            fixed = ADDRESS_CODES[index][1];
        } else {
            fixed = "4.0.0";
        }
        // The class digit is set from the reply code later; keep the caller's for now.
        return status.charAt(0) + fixed.substring(1);
    }
}
