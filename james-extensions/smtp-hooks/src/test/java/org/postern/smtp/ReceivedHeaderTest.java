package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {

    @Test
    void theDateIsAnRfc5322DateOfNow() {
        Instant before = Instant.now().minusSeconds(1);

        String first = ReceivedHeader.now();
        String second = ReceivedHeader.now();

        for (String date : new String[] {first, second}) {
            assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
            Instant written = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(written).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
        }
    }
}
