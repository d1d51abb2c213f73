package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;

class LogicalLinesTest {

    private static final String FILE = "/etc/postern/access";

    private static List<LogicalLine> parse(String content) {
        return LogicalLines.parse(FILE, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ignoresEmptyWhitespaceOnlyAndCommentLines() {
        List<LogicalLine> lines = parse("\n   \n\t\n# a comment\n   # an indented comment\na OK\n");

        assertThat(lines).containsExactly(new LogicalLine(FILE, 6, "a OK"));
    }

    @Test
    void hashSignAfterOtherTextIsData() {
        assertThat(parse("a#b REJECT #1 reason\n")).extracting(LogicalLine::text)
            .containsExactly("a#b REJECT #1 reason");
    }

    @Test
    void lineStartingWithWhitespaceContinuesThePreviousOneAcrossCommentsAndBlankLines() {
        List<LogicalLine> lines = parse("a REJECT first\n  second\n# comment\n\n\tthird\nb OK\n");

        assertThat(lines).containsExactly(
            new LogicalLine(FILE, 1, "a REJECT first  second\tthird"),
            new LogicalLine(FILE, 6, "b OK"));
    }

    @Test
    void continuationWithoutPrecedingLineIsAnErrorNamingFileAndLine() {
        assertThatThrownBy(() -> parse("# header\n  orphan OK\n"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("/etc/postern/access line 2: this line starts with whitespace, which continues the "
                + "previous line, but there is no previous line to continue");
    }

    @Test
    void readsWindowsLineEndingsAndAMissingFinalNewline() {
        assertThat(parse("a OK\r\n  more\r\nb REJECT")).extracting(LogicalLine::text)
            .containsExactly("a OK  more", "b REJECT");
    }

    @Test
    void invalidUtf8IsAnErrorNamingFileAndLine() {
        byte[] content = {'a', ' ', 'O', 'K', '\n', 'b', ' ', (byte) 0xff, '\n'};

        assertThatThrownBy(() -> LogicalLines.parse(FILE, content))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("/etc/postern/access line 2: not valid UTF-8 text");
    }

    @Test
    void emptyFileHasNoLines() {
        assertThat(parse("")).isEmpty();
    }
}
