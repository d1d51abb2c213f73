package org.postern.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Builds RFC 5322 messages of a target total size (headers + body, CRLF line ends, before dot-stuffing).
 * The body is plain English-looking text wrapped in lines of exactly 76 characters; only the last
 * body line is shorter so that the whole message is {@code size} bytes (or one byte less when that
 * cannot be reached with a line break at the end, or just the headers when {@code size} is smaller
 * than them). No line starts with a dot.
 */
final class MessageFactory {

    static final int LINE_LENGTH = 76;

    private static final String[] WORDS = {
        "a", "the", "of", "and", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are", "as",
        "with", "his", "they", "at", "be", "this", "have", "from", "or", "one", "had", "by", "word", "but",
        "not", "what", "all", "were", "we", "when", "your", "can", "said", "there", "use", "an", "each",
        "which", "she", "do", "how", "their", "if", "will", "up", "other", "about", "out", "many", "then",
        "them", "these", "so", "some", "her", "would", "make", "like", "him", "into", "time", "has", "look",
        "two", "more", "write", "go", "see", "number", "no", "way", "could", "people", "my", "than", "first",
        "water", "been", "call", "who", "oil", "its", "now", "find", "long", "down", "day", "did", "get",
        "come", "made", "may", "part", "meeting", "schedule", "quarterly", "report", "attached", "please",
        "review", "budget", "project", "deadline", "customer", "invoice", "delivery", "regards", "thanks",
        "tomorrow", "morning", "afternoon", "agenda", "minutes", "proposal", "contract", "server", "mailbox",
        "message", "update", "release", "version", "question", "answer", "office", "travel", "summary",
    };

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final int size;
    private final String from;
    private final String runId;
    /** Body text: lines of exactly LINE_LENGTH chars + CRLF, long enough for any body this size needs. */
    private final byte[] bodyTemplate;

    MessageFactory(int size, String from, String runId) {
        this.size = size;
        this.from = from;
        this.runId = runId;
        this.bodyTemplate = buildTemplate(size + 32 * (LINE_LENGTH + 2), new Random(0x5057_4E42L));
    }

    String messageId(int seq) {
        return "<bench." + runId + "." + seq + "@postern-bench.invalid>";
    }

    /** The complete message (headers, blank line, body), without SMTP dot-stuffing or terminator. */
    byte[] build(int seq, String recipient, String phase) {
        String headers = "Message-ID: " + messageId(seq) + "\r\n"
            + "Date: " + DATE.format(ZonedDateTime.now()) + "\r\n"
            + "From: Postern Bench <" + from + ">\r\n"
            + "To: <" + recipient + ">\r\n"
            + "Subject: Postern benchmark message " + seq + " of run " + runId + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n"
            + "X-Postern-Bench: run=" + runId + "; seq=" + seq + "; phase=" + phase + "\r\n"
            + "\r\n";
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        int need = size - head.length;
        if (need <= 0) {
            return head;
        }
        int fullLines = need / (LINE_LENGTH + 2);
        int rest = need - fullLines * (LINE_LENGTH + 2);
        int partial = rest >= 2 ? rest - 2 : 0; // chars of the last, shorter line (rest == 1: one byte short)
        int bodyLen = fullLines * (LINE_LENGTH + 2) + (rest >= 2 ? rest : 0);
        byte[] msg = new byte[head.length + bodyLen];
        System.arraycopy(head, 0, msg, 0, head.length);
        // vary the text between messages a little: start at a line chosen by the sequence number
        int templateLines = bodyTemplate.length / (LINE_LENGTH + 2);
        int spare = templateLines - fullLines - 1;
        int startLine = spare > 0 ? Math.floorMod(seq, spare + 1) : 0;
        int src = startLine * (LINE_LENGTH + 2);
        System.arraycopy(bodyTemplate, src, msg, head.length, fullLines * (LINE_LENGTH + 2));
        if (rest >= 2) {
            int at = head.length + fullLines * (LINE_LENGTH + 2);
            System.arraycopy(bodyTemplate, src + fullLines * (LINE_LENGTH + 2), msg, at, partial);
            if (partial > 0 && msg[at + partial - 1] == ' ') {
                msg[at + partial - 1] = '.';
            }
            msg[at + partial] = '\r';
            msg[at + partial + 1] = '\n';
        }
        return msg;
    }

    private static byte[] buildTemplate(int minBytes, Random random) {
        StringBuilder text = new StringBuilder(minBytes + 2 * LINE_LENGTH);
        StringBuilder line = new StringBuilder(LINE_LENGTH);
        boolean sentenceStart = true;
        while (text.length() < minBytes) {
            line.setLength(0);
            while (line.length() < LINE_LENGTH) {
                int room = LINE_LENGTH - line.length() - (line.length() == 0 ? 0 : 1);
                String word = WORDS[random.nextInt(WORDS.length)];
                if (sentenceStart) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                }
                boolean endSentence = random.nextInt(12) == 0;
                if (endSentence) {
                    word = word + ".";
                }
                if (word.length() > room) {
                    // fill the line exactly: a word of the remaining length, or a full stop
                    if (room <= 0) {
                        line.append('.');
                        sentenceStart = true;
                    } else {
                        line.append(line.length() == 0 ? "" : " ").append(filler(room, random));
                        sentenceStart = false;
                    }
                    break;
                }
                line.append(line.length() == 0 ? "" : " ").append(word);
                sentenceStart = endSentence;
            }
            text.append(line).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String filler(int length, Random random) {
        for (int tries = 0; tries < 64; tries++) {
            String w = WORDS[random.nextInt(WORDS.length)];
            if (w.length() == length) {
                return w;
            }
        }
        for (String w : WORDS) {
            if (w.length() == length) {
                return w;
            }
        }
        return "x".repeat(length);
    }
}
