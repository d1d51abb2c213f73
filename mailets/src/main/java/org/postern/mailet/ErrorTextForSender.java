package org.postern.mailet;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Keeps the server's internals out of the notices the error processor sends: when a mailet or matcher failed,
 * James records the exception and its stack trace as the mail's error message, which {@code Bounce} would copy
 * into the notice to a sender on the internet. Such a message is replaced by {@value #TEXT}; the server's log has
 * the details, and the error repository the mail. Other error messages (a reason a mailet gave) are kept.
 * <pre>{@code <mailet match="All" class="org.postern.mailet.ErrorTextForSender"/>}</pre>
 */
public class ErrorTextForSender extends GenericMailet {
    static final String TEXT = "5.3.0 Internal error of the mail system; its postmaster has been told";
    /** How James's processors begin the error message of a failure (ProcessorUtil). */
    private static final String FAILURE_PREFIX = "Exception calling ";

    @Override
    public void service(Mail mail) {
        String error = mail.getErrorMessage();
        if (mail.getAttribute(Mail.MAILET_ERROR).isPresent() || (error != null && error.startsWith(FAILURE_PREFIX))) {
            mail.setErrorMessage(TEXT);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Replaces an exception's text in the error message by a notice fit for the sender";
    }
}
