package org.postern.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/** Hook results carrying an explicit reply code and text (the enhanced status code leads the text). */
public final class SmtpReplies {
    private SmtpReplies() {
    }

    /** A permanent (5xx) rejection. */
    static HookResult reject(String code, String textWithEnhancedCode) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(textWithEnhancedCode)
            .build();
    }

    /** A temporary (4xx) rejection: the client retries later. */
    static HookResult defer(String code, String textWithEnhancedCode) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode(code)
            .smtpDescription(textWithEnhancedCode)
            .build();
    }

    /**
     * The client's address is refused for failed logins ({@code auth_failure_limit}); the connection is then
     * closed. The listeners greet a refused client with the same words.
     */
    public static String tooManyLoginFailures(String hostname, String client) {
        return "421 4.7.0 " + hostname + " Error: too many failed logins from " + client + ", try again later";
    }
}
