package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientDelimiterTest {

    @ParameterizedTest
    @CsvSource({
        "+, user+ext@example.com, user@example.com",
        "+, user+a+b@example.com, user@example.com",
        "+, user@example.com, ",
        "+, user+ext@, user@",
        "+, user+ext, user",
        "+, +ext@example.com, ",
        "+, user-ext@example.com, ",
        "+-, user-ext@example.com, user@example.com",
        "+-, user-a+b@example.com, user@example.com",
        "'', user+ext@example.com, ",
        "+, postmaster+x@example.com, postmaster@example.com",
        "+, Postmaster@example.com, ",
        "+, MAILER-DAEMON@example.com, ",
        "-, mailer-daemon@example.com, ",
        "-, double-bounce@example.com, ",
        "-, owner-list@example.com, ",
        "-, list-request@example.com, ",
        "+, owner-list+x@example.com, owner-list@example.com",
        "-, a-request@example.com, ",
        "-, -request@example.com, ",
        "+, user+ext@sub+domain.example, user@sub+domain.example",
    })
    void stripsTheExtensionAsPostfixSplitAddrDoes(String delimiters, String address, String expected) {
        assertThat(RecipientDelimiter.of(delimiters).strip(address)).isEqualTo(Optional.ofNullable(expected));
    }
}
