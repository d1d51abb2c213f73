package org.postern.policy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.postern.policy.syntax.MailboxSyntax;

/**
 * Every destination the policy's syntax check accepts (alias targets, REDIRECT, BCC) is one James's
 * {@link MailAddress} takes: a table entry accepted at the door must not fail in the pipeline.
 */
class MailboxSyntaxAgreesWithJamesTest {
    private static final List<String> CANDIDATES = List.of(
        "user@example.com", "first.last@example.com", "user+tag@example.com", "o'brien@example.com",
        "x!#$%&'*+-/=?^_`{|}~@example.com", "\"john doe\"@example.com", "\"a\\\"b\"@example.com", "\"a;b\"@example.com",
        "user@[192.0.2.1]", "user@xn--bcher-kva.example", "user@a-b.example", "user@[IPv6:2001:db8::1]",
        "a..b@example.com", ".a@example.com", "a.@example.com", "a(b)@example.com", "a b@example.com",
        "user@example.com.", "user@x_y.com", "user@-x.com", "user@x-.com", "user@.example.com", "user@",
        "@example.com", "user", "a@b@example.com", "\"unterminated@example.com", "user@[300.1.1.1]",
        "user@example..com", "user@b\u00fccher.example", "us\u00e9r@example.com", "a;b@example.com", "a:b@example.com",
        "a,b@example.com", "user@[192.0.2.1", "\"\"@example.com", "x".repeat(64) + "@example.com",
        "x".repeat(65) + "@example.com");

    @Test
    void everyAcceptedAddressIsAJamesMailAddress() {
        for (String candidate : CANDIDATES) {
            if (MailboxSyntax.isValid(candidate)) {
                assertThatCode(() -> new MailAddress(candidate)).as(candidate).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void theCommonShapesAreAccepted() {
        assertThat(CANDIDATES.subList(0, 11)).allMatch(MailboxSyntax::isValid);
        assertThat(List.of("a..b@example.com", "user@example.com.", "user@x_y.com", "a(b)@example.com", "a;b@example.com",
            "user@[IPv6:2001:db8::1]"))
            .noneMatch(MailboxSyntax::isValid);
        assertThat(MailboxSyntax.problem("a..b@example.com")).contains("separated by single dots");
        assertThat(MailboxSyntax.problem("user@x_y.com")).contains("the domain must be a host name");
        assertThat(MailboxSyntax.problem("user@example.com")).isEmpty();
    }
}
