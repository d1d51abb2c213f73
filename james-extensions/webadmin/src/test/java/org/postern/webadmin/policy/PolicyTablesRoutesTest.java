package org.postern.webadmin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.policy.access.AccessTableKind;
import org.postern.policy.table.InMemoryTableStore;
import org.postern.policy.table.TableEntry;
import org.postern.policy.table.TableKinds;

class PolicyTablesRoutesTest {
    private final InMemoryTableStore store = new InMemoryTableStore();
    private final RoutesServer server = new RoutesServer(new PolicyTablesRoutes(store,
        TableKinds.withAddressKinds(AccessTableKind.ACCESS)));

    PolicyTablesRoutesTest() {
        store.declare("blocked", "access");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void putThenGetAnEntryWhateverTheCaseOfItsKey() {
        assertThat(server.putJson("/policy/tables/blocked/entries/Spammer@Example.com", "{\"value\":\"REJECT no thanks\"}").status())
            .isEqualTo(204);

        RoutesServer.Reply reply = server.get("/policy/tables/blocked/entries/SPAMMER@example.com");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"key\":\"spammer@example.com\"").contains("\"value\":\"REJECT no thanks\"");
        assertThat(store.list("blocked")).containsExactly(new TableEntry("spammer@example.com", "REJECT no thanks"));
    }

    @Test
    void putReplacesTheValue() {
        server.putJson("/policy/tables/blocked/entries/a@example.com", "{\"value\":\"REJECT\"}");
        server.putJson("/policy/tables/blocked/entries/a@example.com", "{\"value\":\"OK\"}");

        assertThat(store.get("blocked", "a@example.com")).contains("OK");
    }

    @Test
    void listsTablesWithTheirSizesAndATableWithItsEntries() {
        store.put("blocked", "b@example.com", "REJECT");
        store.put("blocked", "a@example.com", "550 5.7.1 go away");
        store.put("allowed", "192.0.2.1", "OK");

        RoutesServer.Reply tables = server.get("/policy/tables");
        RoutesServer.Reply entries = server.get("/policy/tables/blocked");

        assertThat(tables.status()).isEqualTo(200);
        assertThat(tables.body()).isEqualTo("[{\"name\":\"allowed\",\"kind\":null,\"entries\":1},"
            + "{\"name\":\"blocked\",\"kind\":\"access\",\"entries\":2}]");
        assertThat(entries.status()).isEqualTo(200);
        assertThat(entries.body()).isEqualTo("[{\"key\":\"a@example.com\",\"value\":\"550 5.7.1 go away\"},"
            + "{\"key\":\"b@example.com\",\"value\":\"REJECT\"}]");
    }

    @Test
    void anUnknownTableIsNotFoundAndADeclaredOneIsEmpty() {
        assertThat(server.get("/policy/tables/nothing").status()).isEqualTo(404);
        assertThat(server.get("/policy/maps/tables/nothing").status()).isEqualTo(404);

        assertThat(server.putJson("/policy/tables/nothing", "{\"kind\":\"access\"}").status()).isEqualTo(204);
        RoutesServer.Reply reply = server.get("/policy/tables/nothing");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("[]");
    }

    @Test
    void anAbsentKeyIsNotFound() {
        RoutesServer.Reply reply = server.get("/policy/tables/blocked/entries/nobody@example.com");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("\"statusCode\":404").contains("\"type\":\"notFound\"")
            .contains("nobody@example.com");
    }

    @Test
    void aMalformedActionIsRefusedAndNothingIsWritten() {
        RoutesServer.Reply reply = server.putJson("/policy/tables/blocked/entries/a@example.com", "{\"value\":\"250 fine\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).startsWith("{\"statusCode\":400,\"type\":\"InvalidArgument\","
            + "\"message\":\"invalid value \\\"250 fine\\\" for key \\\"a@example.com\\\" of access table blocked: ")
            .endsWith("\"details\":null}");
        assertThat(store.list("blocked")).isEmpty();
    }

    @Test
    void badTableNamesKeysAndBodiesAreRefused() {
        assertThat(server.putJson("/policy/tables/Bad.Name/entries/a@example.com", "{\"value\":\"OK\"}").status()).isEqualTo(400);
        assertThat(server.get("/policy/tables/Bad.Name").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/%20a", "{\"value\":\"OK\"}").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/a@example.com", "not json").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/a@example.com", "{}").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/a@example.com", "{\"value\":\" \"}").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/a@example.com", "{\"value\":3}").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/a@example.com", "{\"value\":\"OK\",\"extra\":1}").status())
            .isEqualTo(400);
        assertThat(store.list("blocked")).isEmpty();
    }

    @Test
    void deleteAnswers204ThenNotFound() {
        store.put("blocked", "a@example.com", "REJECT");

        assertThat(server.delete("/policy/tables/blocked/entries/A@EXAMPLE.COM").status()).isEqualTo(204);
        RoutesServer.Reply again = server.delete("/policy/tables/blocked/entries/a@example.com");

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).contains("\"type\":\"notFound\"");
        assertThat(store.list("blocked")).isEmpty();
    }

    @Test
    void aTableIsDeclaredBeforeEntriesGoIntoItAndEachKindChecksItsValues() {
        RoutesServer.Reply undeclared = server.putJson("/policy/tables/moved/entries/john@example.com", "{\"value\":\"john@new.example\"}");
        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.body()).contains("table moved has no kind: declare it first with PUT /policy/tables/moved");

        assertThat(server.putJson("/policy/tables/moved", "{\"kind\":\"aliases\"}").status()).isEqualTo(400);
        assertThat(server.putJson("/policy/tables/moved", "{\"kind\":\"relocated\"}").status()).isEqualTo(204);
        assertThat(server.putJson("/policy/tables/moved/entries/john@example.com", "{\"value\":\"john@new.example\"}").status())
            .isEqualTo(204);
        RoutesServer.Reply notAnAddressList = server.putJson("/policy/tables/moved/entries/jane@example.com",
            "{\"value\":\"caf\u00e9\"}");
        assertThat(notAnAddressList.status()).isEqualTo(400);
        assertThat(notAnAddressList.body()).contains("of relocated table moved");

        RoutesServer.Reply otherKind = server.putJson("/policy/tables/moved", "{\"kind\":\"access\"}");
        assertThat(otherKind.status()).isEqualTo(409);
        assertThat(otherKind.body()).contains("table moved holds relocated entries; it cannot become access (empty it first)");
        assertThat(store.kind("moved")).contains("relocated");
    }

    @Test
    void aKeyAMapCannotHoldIsRefused() {
        assertThat(server.putJson("/policy/tables/blocked/entries/john%20doe@example.com", "{\"value\":\"OK\"}").status())
            .isEqualTo(400);
        assertThat(server.putJson("/policy/tables/blocked/entries/%22john%20doe%22@example.com", "{\"value\":\"OK\"}").status())
            .isEqualTo(204);
    }

    @Test
    void dropRemovesATable() {
        store.put("blocked", "a@example.com", "REJECT");

        assertThat(server.delete("/policy/tables/blocked").status()).isEqualTo(204);
        assertThat(store.tables()).isEmpty();
        assertThat(server.delete("/policy/tables/blocked").status()).isEqualTo(404);
    }
}
