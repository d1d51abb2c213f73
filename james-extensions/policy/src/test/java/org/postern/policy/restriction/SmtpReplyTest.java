package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void textFromOutsideCannotBreakTheReplyLine() {
        SmtpReply reply = new SmtpReply(554, "5.7.1", "listed\r\n250 fake");
        assertThat(reply.line()).isEqualTo("554 5.7.1 listed  250 fake");
    }

    @Test
    void aReplyLineIsCutAt510Characters() {
        assertThat(new SmtpReply(554, "5.7.1", "x".repeat(600)).line()).hasSize(510);
    }
}
