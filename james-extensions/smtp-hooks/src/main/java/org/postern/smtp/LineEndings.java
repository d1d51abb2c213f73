package org.postern.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.postern.policy.limits.BareNewlines;

/**
 * Line endings of SMTP input under {@code smtpd_forbid_bare_newline} ({@link BareNewlines}). James's line
 * framer ends a line at every LF and keeps the ending, so a line arrives ending in CRLF, in a bare LF, or
 * (the last of a DATA phase) in nothing; a CR alone does not end it.
 */
final class LineEndings {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private LineEndings() {
    }

    /** A line that ends in LF without CR before it. */
    static boolean endsInBareLf(byte[] line) {
        int length = line.length;
        return length > 0 && line[length - 1] == LF && (length == 1 || line[length - 2] != CR);
    }

    /** A CR inside the line that is not the CR of its CRLF ending. */
    static boolean hasBareCr(byte[] line) {
        int end = contentLength(line);
        for (int i = 0; i < end; i++) {
            if (line[i] == CR) {
                return true;
            }
        }
        return false;
    }

    /** {@code 550 5.5.2 Error: bare <LF> received} (Postfix's words), ending the session. */
    static Response bareLfReceived() {
        return closing("5.5.2 Error: bare <LF> received");
    }

    /** The same for a CR alone inside a message line. */
    static Response bareCrReceived() {
        return closing("5.5.2 Error: bare <CR> received");
    }

    /**
     * A message line as the rest of the server must see it: a bare LF ending becomes CRLF, and each bare CR a
     * space (a CR alone has no meaning in a message, RFC 5322; turned into a line break it could start a header
     * of its own). The end of DATA stays {@code .<CR><LF>} after a line that ended in CRLF; with
     * {@code normalize}, a "." line reached or ended through a bare LF is message text, passed on dot-stuffed.
     *
     * @param previousEndedInBareLf whether the line before this one ended in a bare LF
     */
    static byte[] normalized(byte[] line, BareNewlines.Mode mode, boolean previousEndedInBareLf) {
        boolean bareLf = endsInBareLf(line);
        int content = contentLength(line);
        if (content == 1 && line[0] == '.' && content < line.length) {
            boolean endOfData = mode != BareNewlines.Mode.NORMALIZE || (!bareLf && !previousEndedInBareLf);
            return endOfData ? new byte[] {'.', CR, LF} : new byte[] {'.', '.', CR, LF};
        }
        if (!bareLf && !hasBareCr(line)) {
            return line;
        }
        byte[] fixed = new byte[content + (content < line.length ? 2 : 0)];
        for (int i = 0; i < content; i++) {
            fixed[i] = line[i] == CR ? (byte) ' ' : line[i];
        }
        if (content < line.length) {
            fixed[content] = CR;
            fixed[content + 1] = LF;
        }
        return fixed;
    }

    /** The length of the line without its CRLF or bare LF ending. */
    private static int contentLength(byte[] line) {
        int length = line.length;
        if (length > 0 && line[length - 1] == LF) {
            return length >= 2 && line[length - 2] == CR ? length - 2 : length - 1;
        }
        return length;
    }

    private static Response closing(String text) {
        SMTPResponse response = new SMTPResponse("550", text);
        response.setEndSession(true);
        return response;
    }
}
