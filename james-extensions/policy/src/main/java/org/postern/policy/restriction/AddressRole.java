package org.postern.policy.restriction;

import java.util.Optional;

/** Whether an address check looks at MAIL FROM or RCPT TO; their rejections differ in class and codes. */
public enum AddressRole {
    SENDER("Sender address"),
    RECIPIENT("Recipient address");

    private final String subjectClass;

    AddressRole(String subjectClass) {
        this.subjectClass = subjectClass;
    }

    public String subjectClass() {
        return subjectClass;
    }

    /** The address, absent when not yet given; the null sender is {@code ""}. */
    public Optional<String> addressIn(SmtpTransaction transaction) {
        return this == SENDER ? transaction.sender() : transaction.recipient();
    }

    /** The address as the client wrote it (a recipient without the default domain appended to it). */
    public Optional<String> addressAsSentIn(SmtpTransaction transaction) {
        return this == SENDER ? transaction.sender() : transaction.recipientAsSent();
    }

    /** Lower-case name as in restriction names: sender, recipient. */
    public String word() {
        return this == SENDER ? "sender" : "recipient";
    }
}
