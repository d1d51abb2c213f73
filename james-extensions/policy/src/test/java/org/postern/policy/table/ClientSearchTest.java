package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientSearchTest {

    @TempDir
    Path directory;

    @Test
    void hostNameAndParentsThenAddressAndItsPrefixes() {
        RecordingTable table = RecordingTable.fixed();

        assertThat(ClientSearch.postfixDefaults().find(table, "mail.example.com", "192.0.2.1")).isEmpty();

        assertThat(table.asked()).containsExactly("mail.example.com", "example.com", "com",
            "192.0.2.1", "192.0.2", "192.0", "192");
    }

    @Test
    void withoutParentDomainMatching() {
        RecordingTable table = RecordingTable.fixed();

        new ClientSearch(false).find(table, "mail.example.com", "192.0.2.1");

        assertThat(table.asked()).containsExactly("mail.example.com", ".example.com", ".com",
            "192.0.2.1", "192.0.2", "192.0", "192");
    }

    @Test
    void ipv6AddressIsCutAtColonsOfItsCanonicalText() {
        RecordingTable table = RecordingTable.fixed();

        ClientSearch.postfixDefaults().find(table, null, "2001:0DB8:0:0:0:0:0:1");

        assertThat(table.asked()).containsExactly("2001:db8::1", "2001:db8:", "2001:db8", "2001");
    }

    @Test
    void clientWithoutNameIsSearchedByAddressOnly() {
        RecordingTable table = RecordingTable.fixed();

        ClientSearch.postfixDefaults().find(table, "", "10.1.2.3");

        assertThat(table.asked()).containsExactly("10.1.2.3", "10.1.2", "10.1", "10");
    }

    @Test
    void nameMatchComesBeforeAnAddressMatch() {
        RecordingTable table = RecordingTable.fixed().with("example.com", "REJECT").with("192.0.2.1", "OK");

        assertThat(ClientSearch.postfixDefaults().find(table, "mail.example.com", "192.0.2.1"))
            .contains(new TableMatch("example.com", "REJECT"));
    }

    @Test
    void networkPrefixMatches() {
        RecordingTable table = RecordingTable.fixed().with("192.0.2", "REJECT");

        assertThat(ClientSearch.postfixDefaults().find(table, "unknown", "192.0.2.77"))
            .contains(new TableMatch("192.0.2", "REJECT"));
    }

    @Test
    void patternTablesGetTheWholeNameAndTheWholeAddress() {
        RecordingTable table = RecordingTable.pattern();

        ClientSearch.postfixDefaults().find(table, "mail.example.com", "192.0.2.1");

        assertThat(table.asked()).containsExactly("mail.example.com", "192.0.2.1");
    }

    @Test
    void cidrTableMatchesTheAddress() {
        Path file = TableFiles.write(directory, "clients.cidr", "192.0.2.0/24 REJECT", "2001:db8::/32 DUNNO");
        CidrTable table = CidrTable.open(file, "cidr:clients.cidr");

        assertThat(ClientSearch.postfixDefaults().find(table, "mail.example.com", "192.0.2.9"))
            .contains(new TableMatch("192.0.2.9", "REJECT"));
        assertThat(ClientSearch.postfixDefaults().find(table, "mail.example.com", "::ffff:192.0.2.9"))
            .contains(new TableMatch("192.0.2.9", "REJECT"));
        assertThat(ClientSearch.postfixDefaults().find(table, null, "2001:db8::5"))
            .contains(new TableMatch("2001:db8::5", "DUNNO"));
    }

    @Test
    void acceptsASocketAddress() throws Exception {
        RecordingTable table = RecordingTable.fixed().with("2001:db8::1", "OK");

        assertThat(ClientSearch.postfixDefaults().find(table, null, InetAddress.getByName("2001:db8::1")))
            .contains(new TableMatch("2001:db8::1", "OK"));
    }

    @Test
    void addressOnlySearch() {
        RecordingTable table = RecordingTable.fixed();

        ClientSearch.postfixDefaults().findAddress(table, "192.0.2.1");

        assertThat(table.asked()).containsExactly("192.0.2.1", "192.0.2", "192.0", "192");
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "[192.0.2.1], 192.0.2.1",
        "::ffff:192.0.2.1, 192.0.2.1",
        "0:0:0:0:0:ffff:c000:201, 192.0.2.1",
        "fe80:0:0:0:0:0:0:1%eth0, fe80::1",
        "2001:DB8::A, 2001:db8::a",
        "0:0:0:0:0:0:0:1, ::1",
    })
    void addressIsPutInTheFormAccessMapsUse(String address, String canonical) {
        assertThat(ClientSearch.canonicalAddress(address)).isEqualTo(canonical);
    }

    @Test
    void refusesSomethingThatIsNotAnAddress() {
        assertThatThrownBy(() -> ClientSearch.postfixDefaults().find(RecordingTable.fixed(), null, "mail.example.com"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not an IP address: \"mail.example.com\"");
    }
}
