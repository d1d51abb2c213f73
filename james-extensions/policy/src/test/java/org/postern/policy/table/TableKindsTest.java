package org.postern.policy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessTableKind;

class TableKindsTest {
    @TempDir
    Path directory;

    @Test
    void addressMapsAreSearchedWithTheExtensionFirstThenTheDomain() {
        RecipientDelimiter plus = RecipientDelimiter.of("+");
        assertThat(AddressTableKind.RELOCATED.addressKeys("John+Old@Example.com", plus))
            .containsExactly("john+old@example.com", "john@example.com", "@example.com");
        assertThat(AddressTableKind.VIRTUAL_ALIAS.addressKeys("john@example.com", RecipientDelimiter.none()))
            .containsExactly("john@example.com", "@example.com");
        assertThat(AddressTableKind.TRANSPORT_ROUTES.addressKeys("john+x@mail.example.com", plus))
            .containsExactly("john+x@mail.example.com", "john@mail.example.com", "@mail.example.com",
                "mail.example.com", ".example.com", ".com", "*");
        assertThat(AccessTableKind.ACCESS.addressKeys("john+x@example.com", plus))
            .containsExactly("john+x@example.com", "john@example.com", "example.com", "com", "john+x@", "john@");
    }

    @Test
    void eachKindChecksItsValues() {
        AccessTableKind.ACCESS.checkValue("REJECT no thanks");
        assertThatThrownBy(() -> AccessTableKind.ACCESS.checkValue("john@new.example"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither an action nor a restriction name");
        AddressTableKind.RELOCATED.checkValue("john@new.example");
        AddressTableKind.RELOCATED.checkValue("the sales office, +1 555 0100");
        assertThatThrownBy(() -> AddressTableKind.RELOCATED.checkValue("caf\u00e9")).isInstanceOf(IllegalArgumentException.class);
        AddressTableKind.VIRTUAL_ALIAS.checkValue("a@example.com, b@example.com c@elsewhere.example");
        assertThatThrownBy(() -> AddressTableKind.VIRTUAL_ALIAS.checkValue("a@example.com, bob"))
            .hasMessage("\"bob\" is not an address such as user@example.com");
        AddressTableKind.TRANSPORT_ROUTES.checkValue("smtp:[mail.example.com]:25");
        AddressTableKind.TRANSPORT_ROUTES.checkValue("error:mail for this domain is refused");
        assertThatThrownBy(() -> AddressTableKind.TRANSPORT_ROUTES.checkValue("mail.example.com"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressTableKind.GENERIC.checkValue("a@x b@y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressTableKind.RELAY_RECIPIENTS.checkValue(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsAreFoundByName() {
        TableKinds kinds = TableKinds.withAddressKinds(AccessTableKind.ACCESS);
        assertThat(kinds.named("relocated")).contains(AddressTableKind.RELOCATED);
        assertThat(kinds.named("access")).contains(AccessTableKind.ACCESS);
        assertThat(kinds.named("aliases")).isEmpty();
        assertThat(kinds.names()).isEqualTo("access, relocated, virtual_alias, relay_recipients, transport, generic");
    }

    @Test
    void aTextMapWithAValueItsKindRefusesStopsStartupNamingTheLine() {
        TableFiles.write(directory, "access", "a@example.com OK", "# comment", "b@example.com moved@elsewhere.example");
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());

        assertThatThrownBy(() -> tables.open("hash:access", AccessTableKind.ACCESS, "conf/policy.cf"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith(directory.resolve("access") + " line 3: key \"b@example.com\": not a access value: ");
        assertThat(tables.open("hash:access", AddressTableKind.RELOCATED, "conf/policy.cf").lookup("b@example.com"))
            .contains("moved@elsewhere.example");
    }

    @Test
    void oneTableCannotServeTwoKinds() {
        TableFiles.write(directory, "relocated", "a@example.com a@new.example");
        LookupTables tables = new LookupTables(directory, new InMemoryTableStore());
        tables.open("hash:relocated", AddressTableKind.RELOCATED, "a");

        assertThatThrownBy(() -> tables.open("file:relocated", AddressTableKind.VIRTUAL_ALIAS, "b"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("file:relocated is used as a relocated table and as a virtual_alias table: give each its own table");
    }

    @Test
    void aDatabaseTableTakesTheKindItIsOpenedAsUnlessItHoldsAnotherKindsEntries() {
        InMemoryTableStore store = new InMemoryTableStore();
        store.declare("moved", "relocated");
        store.put("moved", "a@example.com", "a@new.example");
        new LookupTables(directory, store).open("db:fresh", AccessTableKind.ACCESS, "conf/policy.cf");
        assertThat(store.kind("fresh")).contains("access");

        assertThatThrownBy(() -> new LookupTables(directory, store).open("db:moved", AccessTableKind.ACCESS, "conf/policy.cf"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("db:moved: table moved holds relocated entries; it cannot become access (empty it first)");
    }

    @Test
    void aPastedMapReportsEveryBadLineAndKeepsTheFirstOfDuplicateKeys() {
        String text = String.join("\n", "a@example.com OK", "b@example.com", "c@example.com bogus@x.example",
            "a@example.com REJECT", "\"open@example.com OK", "d@example.com 550 gone", "");
        PostfixMapText.Parsed parsed = PostfixMapText.check("the request body", text.getBytes(StandardCharsets.UTF_8),
            AccessTableKind.ACCESS, 20);

        assertThat(parsed.errors()).hasSize(3);
        assertThat(parsed.errors().get(0)).isEqualTo("the request body line 2: expected format: key whitespace value, "
            + "but the key \"b@example.com\" has no value");
        assertThat(parsed.errors().get(1)).startsWith("the request body line 3: key \"c@example.com\": not a access value: ");
        assertThat(parsed.errors().get(2)).isEqualTo("the request body line 5: unbalanced '\"' in the key");
        assertThat(parsed.warnings()).containsExactly("the request body line 4: duplicate entry: \"a@example.com\"; "
            + "the entry on line 1 is kept, as Postfix does");
        assertThat(parsed.entries()).containsExactly(new MapEntry("a@example.com", "OK", 1),
            new MapEntry("d@example.com", "550 gone", 6));
    }

    @Test
    void anExportReadsBackAsTheSameEntries() {
        List<TableEntry> entries = List.of(new TableEntry("a@example.com", "REJECT go  away"),
            new TableEntry("\"john doe\"@example.com", "OK"));
        PostfixMapText.Parsed parsed = PostfixMapText.read("export",
            PostfixMapText.format(entries).getBytes(StandardCharsets.UTF_8), AccessTableKind.ACCESS);

        assertThat(parsed.entries()).extracting(entry -> new TableEntry(entry.key(), entry.value())).isEqualTo(entries);
        assertThat(PostfixMapText.isWritableKey("\"john doe\"@example.com")).isTrue();
        assertThat(PostfixMapText.isWritableKey("john doe@example.com")).isFalse();
        assertThat(PostfixMapText.isWritableKey("#comment")).isFalse();
    }
}
