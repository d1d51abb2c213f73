package org.postern.policy.restriction;

/**
 * One SMTP reply line as Postfix sends it: {@code 554 5.7.1 <x@y>: Relay access denied}. The text is
 * made printable (control characters become blanks) and the line is cut at 510 characters, as Postfix
 * does, because parts of it (DNSBL TXT records, policy server texts) come from outside.
 */
public record SmtpReply(int code, String enhancedStatus, String text) {
    private static final int MAX_LINE = 510;

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        text = printable(text == null ? "" : text);
        int room = MAX_LINE - 4 - (enhancedStatus.isEmpty() ? 0 : enhancedStatus.length() + 1);
        if (text.length() > room) {
            text = text.substring(0, Math.max(0, room));
        }
    }

    /** True for a 4xx reply: the client should try again later. */
    public boolean isTemporary() {
        return code / 100 == 4;
    }

    /** The reply line without CRLF. */
    public String line() {
        return enhancedStatus.isEmpty() ? code + " " + text : code + " " + enhancedStatus + " " + text;
    }

    @Override
    public String toString() {
        return line();
    }

    private static String printable(String text) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            result.append(Character.isISOControl(c) ? ' ' : c);
        }
        return result.toString();
    }
}
