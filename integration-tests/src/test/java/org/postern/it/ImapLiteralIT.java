package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * IMAP literals are judged before the server invites the client to send them: a large one before login (a
 * 4 GB "user name") or one over literalSizeLimit after it is refused at once, and none of it is read.
 */
@ExtendWith(SharedPostern.class)
class ImapLiteralIT {
    private static final String USER = "lily@literal.test";
    private static final String PASSWORD = "lily-password";

    private final PosternProcess server = SharedPostern.server();

    @BeforeAll
    static void createMailbox() {
        SharedPostern.server().webAdmin().createDomain("literal.test");
        SharedPostern.server().webAdmin().createUser(USER, PASSWORD);
    }

    @Test
    void aHugeLiteralBeforeLoginIsRefusedWithoutAContinuation() {
        try (LineSession imaps = LineSession.connectImplicitTls("127.0.0.1", server.imapsPort())) {
            imaps.timeout(Duration.ofSeconds(5));
            assertThat(imaps.line()).startsWith("* OK");
            imaps.send("a LOGIN {4294967295}");
            assertThat(imaps.line()).isEqualTo("a BAD [TOOBIG] Literal too large before login");
            imaps.send("b LOGIN {9000}");
            assertThat(imaps.line()).isEqualTo("b BAD [TOOBIG] Literal too large before login");
            // a literal of a user name's size is still fine
            imaps.send("c LOGIN {" + USER.length() + "}");
            assertThat(imaps.line()).startsWith("+");
            imaps.send(USER + " " + PASSWORD);
            assertThat(imaps.linesUntil(line -> line.startsWith("c "))).last().asString().startsWith("c OK");
        }
    }

    @Test
    void aLiteralOverTheLimitAfterLoginIsRefusedAndANonSynchronizingOneHungUpOn() {
        try (LineSession imaps = LineSession.connectImplicitTls("127.0.0.1", server.imapsPort())) {
            imaps.timeout(Duration.ofSeconds(5));
            assertThat(imaps.line()).startsWith("* OK");
            imaps.send("a LOGIN " + USER + " " + PASSWORD);
            assertThat(imaps.linesUntil(line -> line.startsWith("a "))).last().asString().startsWith("a OK");
            imaps.send("b APPEND INBOX {30000000}");
            assertThat(imaps.line()).isEqualTo("b BAD [TOOBIG] Literal too large");
            imaps.send("c NOOP");
            assertThat(imaps.linesUntil(line -> line.startsWith("c "))).last().asString().startsWith("c OK");
            imaps.send("d APPEND INBOX {30000000+}");
            assertThat(imaps.line()).isEqualTo("d BAD [TOOBIG] Literal too large");
            assertThat(imaps.closedByServer()).isTrue();
        }
    }
}
