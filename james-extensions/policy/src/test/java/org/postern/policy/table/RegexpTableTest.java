package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.table.RegexpTable.Dialect;

class RegexpTableTest {

    @TempDir
    Path directory;

    private RegexpTable open(String... lines) {
        return open(Dialect.POSIX, lines);
    }

    private RegexpTable open(Dialect dialect, String... lines) {
        Path file = TableFiles.write(directory, "access.regexp", lines);
        return RegexpTable.open(file, "regexp:" + file, dialect);
    }

    private void assertRefused(Dialect dialect, String line, String reason) {
        Path file = TableFiles.write(directory, "bad.regexp", "# first line", line);
        assertThatThrownBy(() -> RegexpTable.open(file, "regexp:bad.regexp", dialect))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(file + " line 2: " + reason);
    }

    @Test
    void firstMatchingPatternWinsAndMatchesAnywhereInTheKey() {
        RegexpTable table = open("/^postmaster@/ OK", "/[%!@].*[%!@]/ 550 Sender-specified routing rejected",
            "/example/ REJECT");

        assertThat(table.lookup("postmaster@example.com")).contains("OK");
        assertThat(table.lookup("a%b@example.com")).contains("550 Sender-specified routing rejected");
        assertThat(table.lookup("joe@example.com")).contains("REJECT");
        assertThat(table.lookup("joe@other.org")).isEmpty();
    }

    @Test
    void matchingIsCaseInsensitiveByDefaultAndTheIFlagTogglesIt() {
        RegexpTable table = open("/^Subject: make money fast/ REJECT", "/^X-Spam: YES$/i DISCARD");

        assertThat(table.lookup("subject: MAKE MONEY FAST now")).contains("REJECT");
        assertThat(table.lookup("X-Spam: YES")).contains("DISCARD");
        assertThat(table.lookup("x-spam: yes")).isEmpty();
    }

    @Test
    void mFlagMakesAnchorsMatchAtNewlines() {
        RegexpTable table = open("/^b$/m MULTI", "/^a$/ SINGLE");

        assertThat(table.lookup("a\nb\nc")).contains("MULTI");
        assertThat(table.lookup("a\n")).isEmpty();
    }

    @Test
    void xFlagTurnsExtendedSyntaxOff() {
        RegexpTable table = open("/^\\(ab\\)\\{2\\}+$/x BASIC $1", "/^(ab){2}$/ EXTENDED $1");

        assertThat(table.lookup("abab+")).contains("BASIC ab");
        assertThat(table.lookup("abab")).contains("EXTENDED ab");
    }

    @Test
    void posixCharacterClassesAndAlternativeDelimitersButHashStartsAComment() {
        RegexpTable table = open("~^[[:alnum:]+/]{8,}$~ BASE64", "%^[[:digit:]]+\\%$% PERCENT",
            "#^comment$# NEVER");

        assertThat(table.lookup("QUJDREVGR0g+/")).contains("BASE64");
        assertThat(table.lookup("123%")).contains("PERCENT");
        assertThat(table.lookup("comment")).isEmpty();
    }

    @Test
    void escapedDelimiterIsPartOfThePattern() {
        RegexpTable table = open("/^a\\/b$/ SLASH");

        assertThat(table.lookup("a/b")).contains("SLASH");
    }

    @Test
    void negatedPatternMatchesKeysThatDoNotMatch() {
        RegexpTable table = open("!/@example\\.com$/ REJECT foreign", "/./ OK");

        assertThat(table.lookup("joe@example.org")).contains("REJECT foreign");
        assertThat(table.lookup("joe@example.com")).contains("OK");
    }

    @Test
    void secondPatternAfterExclamationMarkMustNotMatch() {
        RegexpTable table = open("/^(.*)-outgoing@(.*)$/!/^owner-/ 550 Use ${1}@${2} instead");

        assertThat(table.lookup("list-outgoing@example.com")).contains("550 Use list@example.com instead");
        assertThat(table.lookup("owner-list-outgoing@example.com")).isEmpty();
    }

    @Test
    void substitutesCaptureGroups() {
        RegexpTable table = open("/^([^@]+)@(.+)$/ REDIRECT $1@relay.$2");

        assertThat(table.lookup("Joe@Example.com")).contains("REDIRECT Joe@relay.Example.com");
    }

    @Test
    void ifEndifBlocksLimitTheirRulesAndNest() {
        RegexpTable table = open(
            "if /@example\\.com$/",
            "/^postmaster@/ OK",
            "IF !/^abuse@/",
            "/^joe@/ REJECT joe",
            "endif",
            "/./ DUNNO",
            "ENDIF",
            "/^joe@/ HOLD");

        assertThat(table.lookup("postmaster@example.com")).contains("OK");
        assertThat(table.lookup("joe@example.com")).contains("REJECT joe");
        assertThat(table.lookup("abuse@example.com")).contains("DUNNO");
        assertThat(table.lookup("joe@example.org")).contains("HOLD");
        assertThat(table.lookup("ann@example.org")).isEmpty();
    }

    @Test
    void ifWithoutWhitespaceBeforeThePattern() {
        RegexpTable table = open("if/^a/", "/b/ AB", "endif");

        assertThat(table.lookup("ab")).contains("AB");
        assertThat(table.lookup("b")).isEmpty();
    }

    @Test
    void commentsBlankLinesAndContinuationLines() {
        RegexpTable table = open("# rules", "", "/^a/ REJECT first", "   # comment", "  second");

        assertThat(table.lookup("abc")).contains("REJECT first  second");
    }

    @Test
    void pcreDialectTakesPerlSyntaxAndFlags() {
        RegexpTable table = open(Dialect.PCRE,
            "/^\\d+\\.example\\.com$/ DIGITS",
            "/^a.b$/s DOTALL",
            "/ ^ spaced \\s+ out $ /x EXTENDED",
            "/^[[:upper:]]+$/i UPPER");

        assertThat(table.lookup("123.EXAMPLE.com")).contains("DIGITS");
        assertThat(table.lookup("a\nb")).contains("DOTALL");
        assertThat(table.lookup("spaced   out")).contains("EXTENDED");
        assertThat(table.lookup("ABC")).contains("UPPER");
        assertThat(table.lookup("abc")).isEmpty();
    }

    @Test
    void isAPatternTable() {
        assertThat(open("/a/ OK").matchesWholeString()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a(/ REJECT | bad regular expression \"a(\": Unclosed group",
        "/[[:nope:]]/ REJECT | bad regular expression \"[[:nope:]]\": unknown character class [:nope:]",
        "/abc REJECT | no closing regexp delimiter \"/\"",
        "/abc/ | no result after the pattern",
        "/abc/q REJECT | unknown regexp option \"q\" (regexp: tables accept i, m and x)",
        "/abc/s REJECT | unknown regexp option \"s\" (regexp: tables accept i, m and x)",
        "/(a)/ REJECT $2 | out of range replacement index \"2\": the pattern has 1 group(s)",
        "!/(a)/ REJECT $1 | $number found in negative match replacement text: a pattern that must not match captures nothing",
        "/a/ REJECT $x | bad result \"REJECT $x\": non-numeric replacement index \"x\"",
        "! | no regexp",
        "endif | endif without a matching if",
        "if /a/ REJECT | unexpected text after the if pattern: \"REJECT\" (a line that starts with whitespace continues the previous line: do not indent lines inside if)",
        "endif foo | unexpected text after endif: \"foo\"",
        "abc REJECT | unrecognized line: expected /pattern/ result, if /pattern/ or endif",
    })
    void malformedLinesAreErrorsNamingFileAndLine(String line, String reason) {
        assertRefused(Dialect.POSIX, line, reason);
    }

    @Test
    void unknownPcreFlagNamesTheAcceptedOnes() {
        assertRefused(Dialect.PCRE, "/abc/U REJECT", "unknown pcre option \"U\" (pcre: tables accept i, m, s and x)");
    }

    @Test
    void ifWithoutEndifIsAnErrorNamingItsLine() {
        Path file = TableFiles.write(directory, "bad.regexp", "if /a/", "/b/ OK", "if /c/", "endif");

        assertThatThrownBy(() -> RegexpTable.open(file, "regexp:bad.regexp", Dialect.POSIX))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(file + " line 1: if has no matching endif");
    }

    @Test
    void indentedRuleInsideIfIsReportedAsTextAfterTheIf() {
        Path file = TableFiles.write(directory, "bad.regexp", "if /a/", "  /b/ OK", "endif");

        assertThatThrownBy(() -> RegexpTable.open(file, "regexp:bad.regexp", Dialect.POSIX))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith(file + " line 1: unexpected text after the if pattern: \"/b/ OK\"");
    }

    @Test
    void reloadsWhenTheFileChangesAndKeepsOldRulesWhenTheNewFileIsBroken() {
        Path file = TableFiles.write(directory, "access.regexp", "/a/ OK");
        RegexpTable table = RegexpTable.open(file, "regexp:access.regexp", Dialect.POSIX,
            TableFiles.checkOnEveryLookup());

        TableFiles.rewrite(file, "/a/ REJECT");
        assertThat(table.lookup("a")).contains("REJECT");

        TableFiles.rewrite(file, "/a(/ DUNNO");
        assertThat(table.lookup("a")).contains("REJECT");
        assertThat(table.reloadProblem()).hasValueSatisfying(problem -> assertThat(problem)
            .startsWith(file + " line 1: bad regular expression \"a(\""));
    }
}
