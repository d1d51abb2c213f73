package org.postern.policy.restriction;

import java.util.Arrays;
import java.util.Optional;

/**
 * The SMTP stages that have a restriction list, each named after its main.cf parameter. The stage decides
 * what a rejection names ({@code <x@y>: Recipient address rejected: ...}) and which access check a bare
 * table reference in the list stands for ({@code hash:/etc/postfix/access} in
 * {@code smtpd_sender_restrictions} means {@code check_sender_access hash:/etc/postfix/access}).
 */
public enum Stage {
    CLIENT("smtpd_client_restrictions", "Client host", "check_client_access"),
    HELO("smtpd_helo_restrictions", "Helo command", "check_helo_access"),
    SENDER("smtpd_sender_restrictions", "Sender address", "check_sender_access"),
    /** Evaluated before {@link #RECIPIENT} at RCPT; Postfix's guard against open relaying. */
    RELAY("smtpd_relay_restrictions", "Recipient address", "check_recipient_access"),
    RECIPIENT("smtpd_recipient_restrictions", "Recipient address", "check_recipient_access"),
    DATA("smtpd_data_restrictions", "Data command", null),
    END_OF_DATA("smtpd_end_of_data_restrictions", "End-of-data", null);

    private final String parameterName;
    private final String subjectClass;
    private final String defaultAccessCheck;

    Stage(String parameterName, String subjectClass, String defaultAccessCheck) {
        this.parameterName = parameterName;
        this.subjectClass = subjectClass;
        this.defaultAccessCheck = defaultAccessCheck;
    }

    /** The main.cf parameter holding this stage's list, e.g. {@code smtpd_recipient_restrictions}. */
    public String parameterName() {
        return parameterName;
    }

    /** What a rejection at this stage calls its subject: "Client host", "Helo command", "Sender address"... */
    public String subjectClass() {
        return subjectClass;
    }

    /** The check a bare {@code type:name} token stands for in this list; none for DATA and END-OF-DATA. */
    public Optional<String> defaultAccessCheck() {
        return Optional.ofNullable(defaultAccessCheck);
    }

    /** The name of the thing being judged at this stage, as Postfix quotes it between angle brackets. */
    public String subjectName(SmtpTransaction transaction) {
        switch (this) {
            case CLIENT:
                return transaction.clientNameAndAddress();
            case HELO:
                return transaction.heloName().orElse("");
            case SENDER:
                return transaction.sender().orElse("");
            case RELAY:
            case RECIPIENT:
                return transaction.recipient().orElse("");
            case DATA:
                return "DATA";
            default:
                return "END-OF-MESSAGE";
        }
    }

    /** The stage whose list is configured by {@code parameterName}. */
    public static Optional<Stage> forParameter(String parameterName) {
        return Arrays.stream(values()).filter(stage -> stage.parameterName.equals(parameterName)).findFirst();
    }
}
