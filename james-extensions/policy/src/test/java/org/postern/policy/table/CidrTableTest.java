package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.config.InvalidConfigurationException;

class CidrTableTest {

    @TempDir
    Path directory;

    private CidrTable open(String... lines) {
        Path file = TableFiles.write(directory, "clients.cidr", lines);
        return CidrTable.open(file, "cidr:" + file);
    }

    private void assertRefused(String line, String reason) {
        Path file = TableFiles.write(directory, "bad.cidr", "# first line", line);
        assertThatThrownBy(() -> CidrTable.open(file, "cidr:bad.cidr"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(file + " line 2: " + reason);
    }

    @Test
    void matchesIpv4NetworksAndAddresses() {
        CidrTable table = open("192.168.1.1 OK", "192.168.0.0/16 REJECT", "10.0.0.0/8 DUNNO");

        assertThat(table.lookup("192.168.1.1")).contains("OK");
        assertThat(table.lookup("192.168.200.7")).contains("REJECT");
        assertThat(table.lookup("10.255.255.255")).contains("DUNNO");
        assertThat(table.lookup("11.0.0.0")).isEmpty();
    }

    @Test
    void firstMatchInFileOrderWins() {
        CidrTable table = open("192.168.0.0/16 REJECT", "192.168.1.1 OK");

        assertThat(table.lookup("192.168.1.1")).contains("REJECT");
    }

    @Test
    void matchesIpv6NetworksAndAddresses() {
        CidrTable table = open("2001:db8::1 OK", "2001:db8::/32 REJECT", "[2001:db9::]/32 DUNNO", "::/0 HOLD");

        assertThat(table.lookup("2001:db8::1")).contains("OK");
        assertThat(table.lookup("2001:DB8:0:0:0:0:0:1")).contains("OK");
        assertThat(table.lookup("2001:db8:ffff::2")).contains("REJECT");
        assertThat(table.lookup("2001:db9::7")).contains("DUNNO");
        assertThat(table.lookup("fe80::1")).contains("HOLD");
    }

    @Test
    void familiesDoNotMix() {
        CidrTable table = open("0.0.0.0/0 IPV4", "::/0 IPV6");

        assertThat(table.lookup("1.2.3.4")).contains("IPV4");
        assertThat(table.lookup("::ffff:1.2.3.4")).contains("IPV6");
        assertThat(table.lookup("::1")).contains("IPV6");
    }

    @Test
    void prefixZeroMatchesEverythingOfItsFamilyAndFullPrefixOneAddress() {
        CidrTable table = open("1.2.3.4/32 ONE", "0.0.0.0/0 ALL");

        assertThat(table.lookup("1.2.3.4")).contains("ONE");
        assertThat(table.lookup("1.2.3.5")).contains("ALL");
    }

    @Test
    void oddPrefixLengths() {
        CidrTable table = open("10.0.0.128/25 HIGH", "2001:db8:8000::/33 V6HIGH");

        assertThat(table.lookup("10.0.0.200")).contains("HIGH");
        assertThat(table.lookup("10.0.0.127")).isEmpty();
        assertThat(table.lookup("2001:db8:8001::1")).contains("V6HIGH");
        assertThat(table.lookup("2001:db8:7fff::1")).isEmpty();
    }

    @Test
    void keyThatIsNotAnIpAddressMatchesNothing() {
        CidrTable table = open("0.0.0.0/0 ALL", "::/0 ALL");

        assertThat(table.lookup("mail.example.com")).isEmpty();
        assertThat(table.lookup("user@example.com")).isEmpty();
        assertThat(table.lookup("1.2.3")).isEmpty();
        assertThat(table.lookup("")).isEmpty();
    }

    @Test
    void negatedPatternMatchesAddressesOutsideTheNetworkOfTheSameFamily() {
        CidrTable table = open("!192.168.0.0/16 OUTSIDE");

        assertThat(table.lookup("10.0.0.1")).contains("OUTSIDE");
        assertThat(table.lookup("192.168.0.1")).isEmpty();
        assertThat(table.lookup("::1")).isEmpty();
    }

    @Test
    void ifEndifBlocksNest() {
        CidrTable table = open(
            "if 10.0.0.0/8",
            "if !10.1.0.0/16",
            "10.2.0.0/16 TEN-TWO",
            "endif",
            "10.0.0.0/8 TEN",
            "endif",
            "0.0.0.0/0 OTHER");

        assertThat(table.lookup("10.2.3.4")).contains("TEN-TWO");
        assertThat(table.lookup("10.1.2.3")).contains("TEN");
        assertThat(table.lookup("11.1.2.3")).contains("OTHER");
    }

    @Test
    void commentsBlankLinesAndContinuationLines() {
        CidrTable table = open("# clients", "", "10.0.0.0/8 REJECT", "  go away", "   # comment");

        assertThat(table.lookup("10.1.1.1")).contains("REJECT  go away");
    }

    @Test
    void isAPatternTable() {
        assertThat(open("10.0.0.0/8 OK").matchesWholeString()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1/8 REJECT | non-null host address bits in \"10.0.0.1/8\", perhaps you should use \"10.0.0.0/8\" instead",
        "2001:db8::1/32 REJECT | non-null host address bits in \"2001:db8::1/32\", perhaps you should use \"2001:db8::/32\" instead",
        "10.0.0.0/33 REJECT | bad net/mask pattern: \"10.0.0.0/33\"",
        "2001:db8::/129 REJECT | bad net/mask pattern: \"2001:db8::/129\"",
        "10.0.0.0/ REJECT | bad net/mask pattern: \"10.0.0.0/\"",
        "10.0.0.0/x REJECT | bad net/mask pattern: \"10.0.0.0/x\"",
        "10.0.0/8 REJECT | bad net/mask pattern: \"10.0.0/8\"",
        "example.com REJECT | bad address pattern: \"example.com\"",
        "10.0.0.256 REJECT | bad address pattern: \"10.0.0.256\"",
        "[10.0.0.0/8 REJECT | missing ']' character after \"[10.0.0.0/8\"",
        "[10.0.0.0]x REJECT | garbage after \"[10.0.0.0]\"",
        "10.0.0.0/8 | no lookup result after \"10.0.0.0/8\"",
        "! REJECT | no address pattern",
        "if | no address pattern after if",
        "if 10.0.0.0/8 REJECT | unexpected text after the if pattern: \"REJECT\" (a line that starts with whitespace continues the previous line: do not indent lines inside if)",
        "endif | endif without a matching if",
        "endif 10.0.0.0/8 | unexpected text after endif",
    })
    void malformedLinesAreErrorsNamingFileAndLine(String line, String reason) {
        assertRefused(line, reason);
    }

    @Test
    void ifWithoutEndifIsAnErrorNamingItsLine() {
        Path file = TableFiles.write(directory, "bad.cidr", "10.0.0.0/8 OK", "if 10.0.0.0/8", "10.1.0.0/16 REJECT");

        assertThatThrownBy(() -> CidrTable.open(file, "cidr:bad.cidr"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(file + " line 2: if has no matching endif");
    }

    @Test
    void missingFileIsAnErrorNamingTheFile() {
        Path missing = directory.resolve("missing.cidr");

        assertThatThrownBy(() -> CidrTable.open(missing, "cidr:missing.cidr"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage(missing + ": cannot read the table file: no such file");
    }

    @Test
    void reloadsWhenTheFileChangesAndKeepsOldRulesWhenTheNewFileIsBroken() {
        Path file = TableFiles.write(directory, "clients.cidr", "10.0.0.0/8 OK");
        CidrTable table = CidrTable.open(file, "cidr:clients.cidr", TableFiles.checkOnEveryLookup());

        TableFiles.rewrite(file, "10.0.0.0/8 REJECT");
        assertThat(table.lookup("10.0.0.1")).contains("REJECT");

        TableFiles.rewrite(file, "10.0.0.1/8 DUNNO");
        assertThat(table.lookup("10.0.0.1")).contains("REJECT");
        assertThat(table.reloadProblem()).hasValueSatisfying(problem -> assertThat(problem)
            .startsWith(file + " line 1: non-null host address bits"));
    }
}
