package org.postern.policy.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessMapTest {
    private final AccessSearch order = AccessSearch.postfix("", true);

    @Test
    void theFirstKeyOfTheSearchOrderThatIsKnownWins() {
        MemoryTable table = MemoryTable.of("db:access", "example.com", "REJECT", "friend@example.com", "OK");
        AccessMap map = new AccessMap(table, order);

        assertThat(map.findAddress("friend@example.com")).isEqualTo(new AccessLookup.Found("friend@example.com", new AccessAction.Accept("OK")));
        assertThat(map.findAddress("other@mail.example.com")).isInstanceOfSatisfying(AccessLookup.Found.class,
            found -> assertThat(found.key()).isEqualTo("example.com"));
        assertThat(map.findAddress("x@elsewhere.test")).isEqualTo(new AccessLookup.NotFound());
    }

    @Test
    void aClientIsLookedUpByNameThenByAddress() {
        MemoryTable table = MemoryTable.of("db:clients", "192.0.2", "REJECT");
        AccessMap map = new AccessMap(table, order);

        assertThat(map.findClient("host.example", "192.0.2.7")).isInstanceOf(AccessLookup.Found.class);
        assertThat(table.queries()).containsExactly("host.example", "example", "192.0.2.7", "192.0.2");
    }

    @Test
    void aPatternTableSeesOnlyTheWholeString() {
        MemoryTable table = new MemoryTable("regexp:/etc/postfix/access", true);
        new AccessMap(table, order).findAddress("user@mail.example.com");
        assertThat(table.queries()).containsExactly("user@mail.example.com");
    }

    @Test
    void failuresAndBadValuesAreReportedNotHidden() {
        AccessMap failing = new AccessMap(MemoryTable.of("db:access").failing(), order);
        assertThat(failing.findDomain("example.com")).isEqualTo(new AccessLookup.Unavailable("db:access: database unavailable"));

        AccessMap bad = new AccessMap(MemoryTable.of("db:access", "example.com", "250 ok"), order);
        assertThat(bad.findDomain("example.com")).isInstanceOfSatisfying(AccessLookup.Invalid.class,
            invalid -> assertThat(invalid.message()).contains("db:access", "example.com", "250 ok"));
    }
}
