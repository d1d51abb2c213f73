package org.postern.policy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postern.policy.table.LookupTable;

/** The access-map search orders of access(5), seen from the keys an access map is asked for. */
class PostfixAccessSearchTest {
    private final AccessSearch parentMatches = AccessSearch.postfix("+", true);
    private final AccessSearch dotted = AccessSearch.postfix("", false);

    /** A table that knows nothing and remembers what it was asked. */
    private static class RecordingTable implements LookupTable {
        final List<String> keys = new ArrayList<>();

        @Override
        public Optional<String> lookup(String key) {
            keys.add(key);
            return Optional.empty();
        }

        @Override
        public boolean matchesWholeString() {
            return false;
        }

        @Override
        public String reference() {
            return "file:recording";
        }
    }

    private static List<String> addressKeys(AccessSearch search, String address) {
        RecordingTable table = new RecordingTable();
        search.findAddress(table, address);
        return table.keys;
    }

    @Test
    void anAddressWithAnExtensionAsInAccess5() {
        assertThat(addressKeys(parentMatches, "user+foo@mail.example.com")).containsExactly(
            "user+foo@mail.example.com", "user@mail.example.com", "mail.example.com", "example.com", "com", "user+foo@", "user@");
    }

    @Test
    void withoutParentMatchingSubdomainsAreMatchedByDottedKeys() {
        assertThat(addressKeys(dotted, "user@mail.example.com")).containsExactly(
            "user@mail.example.com", "mail.example.com", ".example.com", ".com", "user@");
    }

    @Test
    void withoutADelimiterThePlusIsPartOfTheUser() {
        assertThat(addressKeys(dotted, "user+foo@example.com")).containsExactly("user+foo@example.com", "example.com", ".com", "user+foo@");
    }

    @Test
    void aMatchReportsTheKeyThatMatched() {
        LookupTable table = new RecordingTable() {
            @Override
            public Optional<String> lookup(String key) {
                super.lookup(key);
                return key.equals("example.com") ? Optional.of("REJECT") : Optional.empty();
            }
        };

        assertThat(parentMatches.findAddress(table, "spammer@mail.example.com"))
            .contains(new AccessSearch.Match("example.com", "REJECT"));
    }

    @Test
    void clientsByNameThenAddressPrefixes() {
        RecordingTable table = new RecordingTable();

        parentMatches.findClient(table, "mail.example.com", "192.0.2.1");

        assertThat(table.keys).containsExactly("mail.example.com", "example.com", "com", "192.0.2.1", "192.0.2", "192.0", "192");
    }
}
