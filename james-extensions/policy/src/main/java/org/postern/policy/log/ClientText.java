package org.postern.policy.log;

/**
 * Text a client sent (a command, an address, a HELO name, a user name), made safe to write into the log:
 * at most {@value #LIMIT} characters, line breaks and other control characters escaped, so a client can
 * neither forge log lines nor fill the disk with one long command.
 */
public final class ClientText {
    /** Characters of client text kept in one log field. */
    public static final int LIMIT = 200;

    private ClientText() {
    }

    /** {@code text} escaped and cut to {@value #LIMIT} characters ({@code null} stays "null"). */
    public static String forLog(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int kept = Math.min(length, LIMIT);
        StringBuilder safe = new StringBuilder(kept + 16);
        for (int i = 0; i < kept; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> safe.append("\\r");
                case '\n' -> safe.append("\\n");
                case '\t' -> safe.append("\\t");
                case '\\' -> safe.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\x%02x", (int) c & 0xffff));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        if (length > kept) {
            safe.append("...(").append(length - kept).append(" more characters)");
        }
        return safe.toString();
    }
}
