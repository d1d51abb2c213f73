package org.postern.webadmin.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.postern.policy.table.PostfixMapText;
import org.postern.policy.table.TableEntry;
import org.postern.policy.table.TableKind;
import org.postern.policy.table.TableKinds;
import org.postern.policy.table.TableStore;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Whole {@code db:} tables as Postfix map text, what an admin gives to postmap(1):
 * <pre>
 * GET  /policy/maps/tables/{table}                    the table as a map (text/plain), keys sorted
 * POST /policy/maps/tables/{table}?mode=merge|replace  a map (the body) into the table: 200 with a summary
 *                                                      ({"entries":N,"warnings":[...]}); 400 naming every
 *                                                      refused line, and then nothing is written
 * </pre>
 * {@code mode=merge} (the default) adds the entries, replacing the values of keys the table has;
 * {@code mode=replace} makes the table hold exactly the map. Values are checked by the table's kind; a table
 * without one takes {@code kind=...} from the query. The body limit of these routes is
 * {@code request.body.limit.routes} ({@code /policy/maps=16M} shipped).
 */
public class PolicyMapsRoutes implements Routes {
    public static final String BASE_PATH = "/policy/maps";
    private static final String TABLE = BASE_PATH + "/tables/:table";
    static final int MAX_REPORTED_ERRORS = 100;

    private final TableStore store;
    private final TableKinds kinds;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public PolicyMapsRoutes(TableStore store, TableKinds kinds) {
        this.store = store;
        this.kinds = kinds;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(TABLE, this::exportTable);
        service.post(TABLE, this::importTable, json);
    }

    private Object exportTable(Request request, Response response) {
        String table = PolicyTablesRoutes.table(request);
        List<TableEntry> entries = store.list(table);
        response.type("text/plain; charset=utf-8");
        return "# db:" + table + store.kind(table).map(kind -> " (" + kind + ")").orElse("") + ", "
            + entries.size() + " entries\n" + PostfixMapText.format(entries);
    }

    private Object importTable(Request request, Response response) {
        String table = PolicyTablesRoutes.table(request);
        boolean replace = replaceMode(request);
        Optional<String> requestedKind = Optional.ofNullable(request.queryParams("kind"));
        if (store.kind(table).isEmpty() && requestedKind.isPresent()) {
            TableKind kind = kinds.named(requestedKind.get()).orElseThrow(() -> JsonBodies.badRequest(
                "unknown table kind \"" + requestedKind.get() + "\" (known: " + kinds.names() + ")", Optional.empty()));
            store.declare(table, kind.name());
        }
        TableKind kind = PolicyTablesRoutes.kindOf(store, kinds, table);
        if (requestedKind.isPresent() && !requestedKind.get().equals(kind.name())) {
            throw JsonBodies.badRequest("table " + table + " is a " + kind.name() + " table, not " + requestedKind.get(),
                Optional.empty());
        }
        PostfixMapText.Parsed parsed = parse(request, kind);
        List<TableEntry> entries = parsed.entries().stream().map(entry -> new TableEntry(entry.key(), entry.value())).toList();
        try {
            store.write(table, entries, replace);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest(e.getMessage() + "; nothing was written", Optional.empty());
        }
        response.type(Constants.JSON_CONTENT_TYPE);
        return new ImportSummary("db:" + table, kind.name(), replace ? "replace" : "merge", entries.size(), parsed.warnings());
    }

    /** The map in the body, every value checked by {@code kind}; 400 naming each refused line when any is. */
    static PostfixMapText.Parsed parse(Request request, TableKind kind) {
        PostfixMapText.Parsed parsed = PostfixMapText.check("map", request.bodyAsBytes(), kind, MAX_REPORTED_ERRORS);
        if (parsed.hasErrors()) {
            String count = parsed.errors().size() >= MAX_REPORTED_ERRORS ? "at least " + MAX_REPORTED_ERRORS : String.valueOf(parsed.errors().size());
            throw JsonBodies.badRequest(count + " refused line" + (parsed.errors().size() == 1 ? "" : "s") + " in the map; nothing was written",
                Optional.of(String.join("\n", parsed.errors())));
        }
        return parsed;
    }

    static boolean replaceMode(Request request) {
        String mode = Optional.ofNullable(request.queryParams("mode")).orElse("merge").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "merge" -> false;
            case "replace" -> true;
            default -> throw JsonBodies.badRequest("mode must be merge or replace, not \"" + mode + "\"", Optional.empty());
        };
    }

    /** What an import did. */
    @JsonPropertyOrder({"table", "kind", "mode", "entries", "warnings"})
    public record ImportSummary(String table, String kind, String mode, int entries, List<String> warnings) {
    }
}
