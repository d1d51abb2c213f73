package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DomainSearchTest {

    @Test
    void parentDomainsMatchSubdomainsByDefault() {
        RecordingTable table = RecordingTable.fixed();

        assertThat(DomainSearch.postfixDefaults().find(table, "host.sub.example.com")).isEmpty();

        assertThat(table.asked()).containsExactly("host.sub.example.com", "sub.example.com", "example.com", "com");
    }

    @Test
    void withoutParentMatchingDottedKeysMatchSubdomains() {
        RecordingTable table = RecordingTable.fixed();

        new DomainSearch(false).find(table, "host.sub.example.com");

        assertThat(table.asked()).containsExactly("host.sub.example.com", ".sub.example.com", ".example.com", ".com");
    }

    @Test
    void keyExampleComMatchesSubdomainsOnlyWithParentMatching() {
        RecordingTable table = RecordingTable.fixed().with("example.com", "REJECT");

        assertThat(new DomainSearch(true).find(table, "mail.example.com"))
            .contains(new TableMatch("example.com", "REJECT"));
        assertThat(new DomainSearch(false).find(table, "mail.example.com")).isEmpty();
        assertThat(new DomainSearch(false).find(table, "example.com"))
            .contains(new TableMatch("example.com", "REJECT"));
    }

    @Test
    void dottedKeyMatchesSubdomainsButNotTheDomainItselfWithoutParentMatching() {
        RecordingTable table = RecordingTable.fixed().with(".example.com", "REJECT");

        assertThat(new DomainSearch(false).find(table, "mail.example.com"))
            .contains(new TableMatch(".example.com", "REJECT"));
        assertThat(new DomainSearch(false).find(table, "example.com")).isEmpty();
    }

    @Test
    void mostSpecificKeyWinsAndEndsTheSearch() {
        RecordingTable table = RecordingTable.fixed().with("mail.example.com", "DUNNO").with("example.com", "REJECT");

        assertThat(DomainSearch.postfixDefaults().find(table, "mail.example.com"))
            .contains(new TableMatch("mail.example.com", "DUNNO"));
        assertThat(table.asked()).containsExactly("mail.example.com");
    }

    @Test
    void patternTablesGetTheWholeNameOnly() {
        RecordingTable table = RecordingTable.pattern();

        DomainSearch.postfixDefaults().find(table, "host.example.com");

        assertThat(table.asked()).containsExactly("host.example.com");
    }

    @Test
    void numericHostNamesGetNoParentLookups() {
        RecordingTable table = RecordingTable.fixed();

        DomainSearch.postfixDefaults().find(table, "192.0.2.1");

        assertThat(table.asked()).containsExactly("192.0.2.1");
    }

    @Test
    void singleLabelAndTrailingDot() {
        RecordingTable table = RecordingTable.fixed();
        DomainSearch.postfixDefaults().find(table, "localhost");
        DomainSearch.postfixDefaults().find(table, "example.com.");

        assertThat(table.asked()).containsExactly("localhost", "example.com.", "com.");
    }
}
