package org.postern.policy.restriction;

import org.postern.policy.log.ClientText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines in Postfix's shape ({@code NOQUEUE: reject: RCPT from host[1.2.3.4]: 554 5.7.1 ...; from=<a@b>
 * to=<c@d> proto=ESMTP helo=<h>}), because admins already grep for them and their tools parse them. What
 * the client sent is escaped and cut ({@link ClientText}), so it can neither forge lines nor flood the log.
 */
final class PolicyLog {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.postern.policy.restriction");

    private PolicyLog() {
    }

    /** {@code what} is Postfix's word: reject, reject_warning, warn, info, discard, hold... */
    static void event(String what, SmtpTransaction transaction, String text) {
        if (!LOGGER.isInfoEnabled()) {
            return;
        }
        StringBuilder line = new StringBuilder("NOQUEUE: ").append(what).append(": ")
            .append(transaction.protocolState().postfixName()).append(" from ")
            .append(ClientText.forLog(transaction.clientNameAndAddress())).append(": ").append(ClientText.forLog(text)).append(';');
        transaction.sender().ifPresent(sender -> line.append(" from=<").append(ClientText.forLog(sender)).append('>'));
        transaction.recipient().ifPresent(recipient -> line.append(" to=<").append(ClientText.forLog(recipient)).append('>'));
        if (transaction.protocolState() != ProtocolState.CONNECT) {
            line.append(" proto=").append(transaction.esmtp() ? "ESMTP" : "SMTP");
        }
        transaction.heloName().ifPresent(helo -> line.append(" helo=<").append(ClientText.forLog(helo)).append('>'));
        transaction.saslUsername().ifPresent(user -> line.append(" sasl_username=").append(ClientText.forLog(user)));
        LOGGER.info("{}", line);
    }

    static void configurationProblem(String message, Throwable cause) {
        LOGGER.error("{}", message, cause);
    }

    static void warning(String message) {
        LOGGER.warn("{}", message);
    }
}
