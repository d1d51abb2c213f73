package org.postern.policy.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.postern.config.InvalidConfigurationException;

/**
 * Splits a Postfix table file into logical lines, as Postfix's readlline(3) does for every table type:
 * <ul>
 *   <li>empty lines, whitespace-only lines and lines whose first non-whitespace character is {@code #} are
 *       ignored (so {@code #} elsewhere is data, not a comment);</li>
 *   <li>a logical line starts with non-whitespace text; a line that starts with whitespace continues the
 *       previous logical line (comment and blank lines in between do not end it);</li>
 *   <li>a continuation line with no logical line before it is an error (Postfix warns and skips it; we refuse
 *       to start, as for every malformed line).</li>
 * </ul>
 * Files are UTF-8; a trailing carriage return is dropped so files edited on Windows read the same.
 */
final class LogicalLines {

    private LogicalLines() {
    }

    /** @throws InvalidConfigurationException naming the file when it cannot be read, or the file and line */
    static List<LogicalLine> read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        return parse(file.toString(), content);
    }

    static InvalidConfigurationException cannotRead(Path file, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException missing) {
            reason = missing.getReason() == null ? "no such file" : missing.getReason();
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new InvalidConfigurationException(file + ": cannot read the table file: " + reason, e);
    }

    /** @param source what the content is, named in errors: a file, "the request body" */
    static List<LogicalLine> parse(String source, byte[] content) {
        List<LogicalLine> lines = new ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder current = null;
        int currentStart = 0;
        int lineNumber = 0;
        int start = 0;
        while (start < content.length) {
            int end = indexOf(content, (byte) '\n', start);
            int next = end < 0 ? content.length : end + 1;
            int stop = end < 0 ? content.length : end;
            if (stop > start && content[stop - 1] == '\r') {
                stop--;
            }
            lineNumber++;
            String physical = decode(decoder, source, lineNumber, content, start, stop);
            start = next;
            if (isBlankOrComment(physical)) {
                continue;
            }
            if (isSpace(physical.charAt(0))) {
                if (current == null) {
                    throw new LogicalLine(source, lineNumber, physical).error("this line starts with whitespace, "
                        + "which continues the previous line, but there is no previous line to continue");
                }
                current.append(physical);
                continue;
            }
            if (current != null) {
                lines.add(new LogicalLine(source, currentStart, current.toString()));
            }
            current = new StringBuilder(physical);
            currentStart = lineNumber;
        }
        if (current != null) {
            lines.add(new LogicalLine(source, currentStart, current.toString()));
        }
        return List.copyOf(lines);
    }

    private static String decode(CharsetDecoder decoder, String source, int lineNumber, byte[] content, int from, int to) {
        try {
            return decoder.decode(ByteBuffer.wrap(content, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new LogicalLine(source, lineNumber, "").error("not valid UTF-8 text", e);
        }
    }

    private static int indexOf(byte[] content, byte wanted, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlankOrComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!isSpace(c)) {
                return c == '#';
            }
        }
        return true;
    }

    /** Postfix's ISSPACE: the C locale's white space. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** The text without leading and trailing {@link #isSpace} characters. */
    static String trim(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }
}
