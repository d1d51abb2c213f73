package org.postern.policy.restriction;

/**
 * The SMTP command being answered, under the names Postfix logs and sends to policy servers
 * ({@code protocol_state=RCPT}). With {@code smtpd_delay_reject} the client list runs while the protocol
 * state is RCPT, which is why the two are not the same thing as a {@link Stage}.
 */
public enum ProtocolState {
    CONNECT("CONNECT"),
    HELO("HELO"),
    EHLO("EHLO"),
    MAIL("MAIL"),
    RCPT("RCPT"),
    DATA("DATA"),
    END_OF_MESSAGE("END-OF-MESSAGE");

    private final String postfixName;

    ProtocolState(String postfixName) {
        this.postfixName = postfixName;
    }

    public String postfixName() {
        return postfixName;
    }
}
