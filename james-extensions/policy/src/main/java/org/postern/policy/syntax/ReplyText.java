package org.postern.policy.syntax;

import java.util.Optional;

/**
 * The free text of a reply as an admin writes it after REJECT, DEFER or a numeric code: an optional
 * RFC 3463 enhanced status code (Postfix's {@code dsn_split}), then the words the client will read.
 * {@code "5.7.1 No spam here"} splits into {@code 5.7.1} and {@code No spam here}.
 */
public record ReplyText(Optional<String> enhancedStatus, String text) {

    public ReplyText {
        enhancedStatus = enhancedStatus == null ? Optional.empty() : enhancedStatus;
        text = text == null ? "" : text;
    }

    /** Splits {@code text}; leading and trailing blanks are not part of either half. */
    public static ReplyText parse(String text) {
        String rest = text == null ? "" : text.strip();
        int length = enhancedStatusLength(rest);
        if (length == 0) {
            return new ReplyText(Optional.empty(), rest);
        }
        return new ReplyText(Optional.of(rest.substring(0, length)), rest.substring(length).strip());
    }

    /** True when {@code code} is exactly an enhanced status code such as {@code 4.7.1}. */
    public static boolean isEnhancedStatus(String code) {
        return code != null && !code.isEmpty() && enhancedStatusLength(code) == code.length();
    }

    /** The text, or {@code fallback} when the admin wrote none (Postfix's "Access denied" and friends). */
    public String textOr(String fallback) {
        return text.isEmpty() ? fallback : text;
    }

    /**
     * Length of the status code that opens {@code text}, 0 when there is none. Postfix's {@code dsn_valid}:
     * class 2, 4 or 5, then two dot-separated groups of one to three digits, then the end or a blank.
     */
    private static int enhancedStatusLength(String text) {
        int i = 0;
        if (text.isEmpty() || "245".indexOf(text.charAt(0)) < 0) {
            return 0;
        }
        i++;
        for (int group = 0; group < 2; group++) {
            if (i >= text.length() || text.charAt(i) != '.') {
                return 0;
            }
            i++;
            int digits = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
                i++;
                digits++;
            }
            if (digits == 0 || digits > 3) {
                return 0;
            }
        }
        if (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
            return 0;
        }
        return i;
    }
}
