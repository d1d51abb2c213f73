package org.postern.webadmin.policy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.postern.policy.log.ClientText;
import org.postern.policy.table.PostfixMapText;
import org.postern.policy.table.TableEntry;
import org.postern.policy.table.TableKind;
import org.postern.policy.table.TableKinds;
import org.postern.policy.table.TableStore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The {@code db:} lookup tables over webadmin:
 * <pre>
 * GET    /policy/tables                        every table: [{"name":"blocked","kind":"access","entries":2}]
 * PUT    /policy/tables/{table}                {"kind":"relocated"}: 204, declares what the table maps
 * DELETE /policy/tables/{table}                204, removes its entries and kind; 404 when there is no such table
 * GET    /policy/tables/{table}                its entries, sorted: [{"key":"a@example.com","value":"REJECT"}]
 * GET    /policy/tables/{table}/entries/{key}  {"key":..., "value":...}, 404 when absent
 * PUT    /policy/tables/{table}/entries/{key}  {"value":"REJECT no thanks"}: 204, adds or replaces
 * DELETE /policy/tables/{table}/entries/{key}  204, 404 when absent
 * GET    /policy/maps/tables/{table}           the table as a Postfix map (text/plain), keys sorted
 * POST   /policy/maps/tables/{table}?mode=merge|replace[&amp;kind=...]   a Postfix map (the body, what an admin gives
 *                                              to postmap) into the table: 200 with a summary
 *                                              ({"entries":N,"warnings":[...]}); 400 naming every refused line,
 *                                              and then nothing is written
 * </pre>
 * A table named in conf/policy.cf gets its kind at startup ({@code check_recipient_access db:blocked} makes
 * {@code blocked} an access table); another must be declared before entries are written into it. Keys are
 * case-insensitive (stored lower case). A value is checked by the table's kind, as the server will read it; a
 * bad table name, key, kind or value is answered 400 and nothing is written. An import with {@code mode=merge}
 * (the default) adds the entries, replacing the values of keys the table has; {@code mode=replace} makes the
 * table hold exactly the map; a table without a kind takes {@code kind=...} from the query. The body limit of
 * the map routes is {@code request.body.limit.routes} ({@code /policy/maps=16M} shipped).
 */
public class PolicyTablesRoutes implements Routes {
    public static final String BASE_PATH = "/policy/tables";
    private static final String TABLE = BASE_PATH + "/:table";
    private static final String ENTRY = TABLE + "/entries/:key";
    private static final String MAP = MapImports.BASE_PATH + "/tables/:table";
    private static final Set<String> ENTRY_FIELDS = Set.of("value");
    private static final Set<String> TABLE_FIELDS = Set.of("kind");

    private final TableStore store;
    private final TableKinds kinds;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public PolicyTablesRoutes(TableStore store, TableKinds kinds) {
        this.store = store;
        this.kinds = kinds;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::listTables, json);
        service.get(TABLE, this::listEntries, json);
        service.put(TABLE, this::declareTable);
        service.delete(TABLE, this::dropTable);
        service.get(ENTRY, this::getEntry, json);
        service.put(ENTRY, this::putEntry);
        service.delete(ENTRY, this::deleteEntry);
        service.get(MAP, this::exportTable);
        service.post(MAP, this::importTable, json);
    }

    private Object listTables(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        return store.tables().entrySet().stream()
            .map(table -> new TableSummary(table.getKey(), table.getValue().kind().orElse(null), table.getValue().entries()))
            .toList();
    }

    private Object listEntries(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        String table = table(request);
        return known(table).stream()
            .map(entry -> new Entry(entry.key(), entry.value()))
            .toList();
    }

    /** The entries of a table that exists (has a kind or entries); 404 for any other name. */
    private List<TableEntry> known(String table) {
        List<TableEntry> entries = store.list(table);
        if (entries.isEmpty() && store.kind(table).isEmpty()) {
            throw JsonBodies.notFound("no table " + table);
        }
        return entries;
    }

    private Object declareTable(Request request, Response response) {
        String table = table(request);
        String kindName = JsonBodies.parse(request, TABLE_FIELDS).requiredString("kind");
        TableKind kind = kinds.named(kindName).orElseThrow(() -> JsonBodies.badRequest(
            "unknown table kind \"" + kindName + "\" (known: " + kinds.names() + ")", Optional.empty()));
        try {
            store.declare(table, kind.name());
        } catch (IllegalStateException e) {
            throw conflict(e.getMessage());
        }
        response.status(204);
        return "";
    }

    private Object dropTable(Request request, Response response) {
        String table = table(request);
        if (!store.drop(table)) {
            response.type(Constants.JSON_CONTENT_TYPE);
            throw JsonBodies.notFound("no table " + table);
        }
        response.status(204);
        return "";
    }

    private Object getEntry(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        String table = table(request);
        String key = key(request);
        String value = store.get(table, key)
            .orElseThrow(() -> JsonBodies.notFound("no key \"" + key + "\" in table " + table));
        return new Entry(key, value);
    }

    private Object putEntry(Request request, Response response) {
        String table = table(request);
        String key = key(request);
        String value = JsonBodies.parse(request, ENTRY_FIELDS).requiredString("value").strip();
        TableKind kind = kindOf(store, kinds, table);
        if (!PostfixMapText.isWritableKey(key)) {
            throw JsonBodies.badRequest("bad key \"" + key + "\": whitespace in a key must be inside double quotes, "
                + "as in a Postfix map (\"john doe\"@example.com)", Optional.empty());
        }
        try {
            kind.checkValue(value);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest("invalid value \"" + ClientText.forLog(value) + "\" for key \"" + key + "\" of "
                + kind.name() + " table " + table + ": " + e.getMessage(), Optional.empty());
        }
        try {
            store.put(table, key, value);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest(e.getMessage(), Optional.empty());
        }
        response.status(204);
        return "";
    }

    private Object deleteEntry(Request request, Response response) {
        String table = table(request);
        String key = key(request);
        if (!store.delete(table, key)) {
            response.type(Constants.JSON_CONTENT_TYPE);
            throw JsonBodies.notFound("no key \"" + key + "\" in table " + table);
        }
        response.status(204);
        return "";
    }

    private Object exportTable(Request request, Response response) {
        String table = table(request);
        response.type(Constants.JSON_CONTENT_TYPE);
        List<TableEntry> entries = known(table);
        response.type("text/plain; charset=utf-8");
        return "# db:" + table + store.kind(table).map(kind -> " (" + kind + ")").orElse("") + ", "
            + entries.size() + " entries\n" + PostfixMapText.format(entries);
    }

    private Object importTable(Request request, Response response) {
        String table = table(request);
        boolean replace = MapImports.replaceMode(request);
        Optional<String> requestedKind = Optional.ofNullable(request.queryParams("kind"));
        boolean undeclared = store.kind(table).isEmpty() && requestedKind.isPresent();
        TableKind kind = undeclared
            ? kinds.named(requestedKind.get()).orElseThrow(() -> JsonBodies.badRequest(
                "unknown table kind \"" + requestedKind.get() + "\" (known: " + kinds.names() + ")", Optional.empty()))
            : kindOf(store, kinds, table);
        if (requestedKind.isPresent() && !requestedKind.get().equals(kind.name())) {
            throw JsonBodies.badRequest("table " + table + " is a " + kind.name() + " table, not " + requestedKind.get(),
                Optional.empty());
        }
        PostfixMapText.Parsed parsed = MapImports.parse(request, kind, replace,
            "DELETE " + BASE_PATH + "/" + table + " empties the table");
        List<TableEntry> entries = parsed.entries().stream().map(entry -> new TableEntry(entry.key(), entry.value())).toList();
        try {
            // the kind is declared only for a map that is written
            if (undeclared) {
                store.declare(table, kind.name());
            }
            store.write(table, entries, replace);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest(e.getMessage() + "; nothing was written", Optional.empty());
        } catch (IllegalStateException e) {
            throw conflict(e.getMessage() + "; nothing was written");
        }
        response.type(Constants.JSON_CONTENT_TYPE);
        return new MapImports.ImportSummary("db:" + table, kind.name(), replace ? "replace" : "merge", entries.size(), parsed.warnings());
    }

    /** The kind of a table entries are written into; 400 telling how to declare it when it has none. */
    static TableKind kindOf(TableStore store, TableKinds kinds, String table) {
        String name = store.kind(table).orElseThrow(() -> JsonBodies.badRequest("table " + table + " has no kind: "
            + "declare it first with PUT " + BASE_PATH + "/" + table + " {\"kind\":\"...\"} (kinds: " + kinds.names()
            + "), or name it in conf/policy.cf", Optional.empty()));
        return kinds.named(name).orElseThrow(() -> JsonBodies.badRequest("table " + table + " is of kind " + name
            + ", which this server does not know", Optional.empty()));
    }

    static String table(Request request) {
        try {
            return TableStore.checkedTableName(request.params("table"));
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest(e.getMessage(), Optional.empty());
        }
    }

    /** The key as stored: lower case. */
    private static String key(Request request) {
        try {
            return TableStore.normalizedKey(request.params("key"));
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest(e.getMessage(), Optional.empty());
        }
    }

    private static spark.HaltException conflict(String message) {
        return ErrorResponder.builder()
            .statusCode(409)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    /** One table in {@code GET /policy/tables}. */
    @JsonPropertyOrder({"name", "kind", "entries"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TableSummary(String name, String kind, int entries) {
    }

    /** One entry as JSON. */
    @JsonPropertyOrder({"key", "value"})
    public record Entry(String key, String value) {
    }
}
