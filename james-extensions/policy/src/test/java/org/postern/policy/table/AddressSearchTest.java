package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressSearchTest {

    private static final AddressSearch DEFAULTS = AddressSearch.postfixDefaults();

    @Test
    void addressWithExtensionFollowsAccess5Order() {
        RecordingTable table = RecordingTable.fixed();

        assertThat(DEFAULTS.find(table, "user+ext@sub.example.com")).isEmpty();

        assertThat(table.asked()).containsExactly(
            "user+ext@sub.example.com",
            "user@sub.example.com",
            "sub.example.com",
            "example.com",
            "com",
            "user+ext@",
            "user@");
    }

    @Test
    void addressWithoutExtension() {
        RecordingTable table = RecordingTable.fixed();

        DEFAULTS.find(table, "user@example.com");

        assertThat(table.asked()).containsExactly("user@example.com", "example.com", "com", "user@");
    }

    @Test
    void emptyRecipientDelimiterMeansNoExtensions() {
        RecordingTable table = RecordingTable.fixed();

        new AddressSearch("", true, "<>").find(table, "user+ext@example.com");

        assertThat(table.asked()).containsExactly("user+ext@example.com", "example.com", "com", "user+ext@");
    }

    @Test
    void severalDelimiterCharacters() {
        RecordingTable table = RecordingTable.fixed();

        new AddressSearch("+-", true, "<>").find(table, "user-ext@example.com");

        assertThat(table.asked()).containsExactly("user-ext@example.com", "user@example.com", "example.com", "com",
            "user-ext@", "user@");
    }

    @Test
    void withoutParentDomainMatchingSubdomainsAreSearchedWithALeadingDot() {
        RecordingTable table = RecordingTable.fixed();

        new AddressSearch("+", false, "<>").find(table, "user+ext@sub.example.com");

        assertThat(table.asked()).containsExactly(
            "user+ext@sub.example.com",
            "user@sub.example.com",
            "sub.example.com",
            ".example.com",
            ".com",
            "user+ext@",
            "user@");
    }

    @Test
    void parentDomainKeyMatchesSubdomainOnlyWhenEnabled() {
        RecordingTable table = RecordingTable.fixed().with("example.com", "REJECT").with(".example.com", "DUNNO");

        assertThat(new AddressSearch("+", true, "<>").find(table, "joe@mail.example.com"))
            .contains(new TableMatch("example.com", "REJECT"));
        assertThat(new AddressSearch("+", false, "<>").find(table, "joe@mail.example.com"))
            .contains(new TableMatch(".example.com", "DUNNO"));
        assertThat(new AddressSearch("+", false, "<>").find(table, "joe@example.com"))
            .contains(new TableMatch("example.com", "REJECT"));
    }

    @Test
    void firstMatchingKeyWinsAndSaysWhichKeyMatched() {
        RecordingTable table = RecordingTable.fixed()
            .with("user@", "REJECT user")
            .with("example.com", "REJECT domain")
            .with("user@example.com", "OK");

        assertThat(DEFAULTS.find(table, "user+ext@example.com")).contains(new TableMatch("user@example.com", "OK"));
        assertThat(DEFAULTS.find(table, "other@example.com"))
            .contains(new TableMatch("example.com", "REJECT domain"));
        assertThat(DEFAULTS.find(table, "user@example.org")).contains(new TableMatch("user@", "REJECT user"));
    }

    @Test
    void patternTablesGetTheWholeAddressOnly() {
        RecordingTable table = RecordingTable.pattern();

        DEFAULTS.find(table, "user+ext@sub.example.com");

        assertThat(table.asked()).containsExactly("user+ext@sub.example.com");
    }

    @Test
    void nullSenderIsLookedUpAsTheNullAccessLookupKeyInEveryKindOfTable() {
        RecordingTable fixed = RecordingTable.fixed().with("<>", "REJECT no bounces");
        RecordingTable pattern = RecordingTable.pattern();

        assertThat(DEFAULTS.find(fixed, "")).contains(new TableMatch("<>", "REJECT no bounces"));
        DEFAULTS.find(pattern, "<>");

        assertThat(fixed.asked()).containsExactly("<>");
        assertThat(pattern.asked()).containsExactly("<>");
    }

    @Test
    void nullAccessLookupKeyIsConfigurable() {
        RecordingTable table = RecordingTable.fixed();

        new AddressSearch("+", true, "null-sender").find(table, "");

        assertThat(table.asked()).containsExactly("null-sender");
    }

    @Test
    void reservedLocalPartsKeepTheirDelimiter() {
        RecordingTable table = RecordingTable.fixed();

        new AddressSearch("-", true, "<>").find(table, "owner-list@example.com");

        assertThat(table.asked()).containsExactly("owner-list@example.com", "example.com", "com", "owner-list@");
    }

    @Test
    void unqualifiedAddressIsLookedUpWholeThenWithoutItsExtension() {
        RecordingTable table = RecordingTable.fixed();

        DEFAULTS.find(table, "user+ext");

        assertThat(table.asked()).containsExactly("user+ext", "user");
    }

    @Test
    void numericDomainPartGetsNoParentLookups() {
        RecordingTable table = RecordingTable.fixed();

        DEFAULTS.find(table, "user@192.0.2.1");

        assertThat(table.asked()).containsExactly("user@192.0.2.1", "192.0.2.1", "user@");
    }
}
