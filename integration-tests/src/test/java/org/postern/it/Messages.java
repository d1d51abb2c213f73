package org.postern.it;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Small RFC 5322 messages with a unique subject the tests look for. */
final class Messages {
    private Messages() {
    }

    static String uniqueSubject(String prefix) {
        return prefix + " " + UUID.randomUUID();
    }

    static String message(String from, String to, String subject, String body) {
        return "From: <" + from + ">\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
            + "Message-ID: <" + UUID.randomUUID() + "@postern.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + body + "\r\n";
    }
}
