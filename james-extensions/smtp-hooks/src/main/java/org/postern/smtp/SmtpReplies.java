package org.postern.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/** Hook results carrying an explicit reply code and text (the enhanced status code leads the text). */
final class SmtpReplies {
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
}
