package org.postern.webadmin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.policy.access.AccessTableKind;
import org.postern.policy.table.InMemoryTableStore;
import org.postern.policy.table.TableEntry;
import org.postern.policy.table.TableKinds;

class TableMapImportTest {
    private final InMemoryTableStore store = new InMemoryTableStore();
    private final RoutesServer server = new RoutesServer(new PolicyTablesRoutes(store,
        TableKinds.withAddressKinds(AccessTableKind.ACCESS)));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPastedPostfixMapIsMergedThenReplacedAndExportedBack() {
        store.declare("blocked", "access");
        store.put("blocked", "old@example.com", "REJECT");

        RoutesServer.Reply merged = server.postText("/policy/maps/tables/blocked",
            "# from /etc/postfix/access\nspammer@example.com   REJECT no thanks\n"
                + "partner.example OK\n  \n192.0.2.7\t550 5.7.1 go away\n    and stay away\n");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(merged.body()).isEqualTo("{\"table\":\"db:blocked\",\"kind\":\"access\",\"mode\":\"merge\",\"entries\":3,"
            + "\"warnings\":[]}");
        assertThat(store.list("blocked")).hasSize(4)
            .contains(new TableEntry("192.0.2.7", "550 5.7.1 go away    and stay away"));

        assertThat(server.postText("/policy/maps/tables/blocked?mode=replace", "a@example.com OK\n").status()).isEqualTo(200);
        assertThat(store.list("blocked")).containsExactly(new TableEntry("a@example.com", "OK"));

        RoutesServer.Reply exported = server.get("/policy/maps/tables/blocked");
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.body()).isEqualTo("# db:blocked (access), 1 entries\na@example.com\tOK\n");
    }

    @Test
    void aMapWithBadLinesIsRefusedWholeNamingEachLine() {
        store.declare("moved", "relocated");
        store.put("moved", "kept@example.com", "kept@new.example");

        RoutesServer.Reply reply = server.postText("/policy/maps/tables/moved?mode=replace",
            "john@example.com john@new.example\njane@example.com\nbob@example.com caf\u00e9\n");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"message\":\"2 refused lines in the map; nothing was written\"")
            .contains("map line 2: expected format: key whitespace value")
            .contains("map line 3: key \\\"bob@example.com\\\": not a relocated value");
        assertThat(store.list("moved")).containsExactly(new TableEntry("kept@example.com", "kept@new.example"));
    }

    @Test
    void aTableWithoutKindTakesTheOneTheImportNames() {
        assertThat(server.postText("/policy/maps/tables/moved", "john@example.com john@new.example\n").status())
            .isEqualTo(400);
        assertThat(server.postText("/policy/maps/tables/moved?kind=relocated", "john@example.com john@new.example\n").status())
            .isEqualTo(200);
        assertThat(store.kind("moved")).contains("relocated");
        assertThat(server.postText("/policy/maps/tables/moved?kind=access", "john@example.com OK\n").status())
            .isEqualTo(400);
        assertThat(server.postText("/policy/maps/tables/moved?mode=sometimes", "john@example.com x@y.example\n").status())
            .isEqualTo(400);
    }

    @Test
    void duplicateKeysKeepTheFirstAsPostmapDoesAndSaySo() {
        store.declare("blocked", "access");

        RoutesServer.Reply reply = server.postText("/policy/maps/tables/blocked", "a@example.com OK\nA@example.com REJECT\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("map line 2: duplicate entry: \\\"a@example.com\\\"; the entry on line 1 is kept");
        assertThat(store.list("blocked")).containsExactly(new TableEntry("a@example.com", "OK"));
    }
}
