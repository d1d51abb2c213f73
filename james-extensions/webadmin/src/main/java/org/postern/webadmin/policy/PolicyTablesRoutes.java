package org.postern.webadmin.policy;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessAction;
import org.postern.policy.table.TableStore;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The {@code db:} lookup tables over webadmin:
 * <pre>
 * GET    /policy/tables                        every table with entries: [{"name":"blocked","entries":2}]
 * GET    /policy/tables/{table}                its entries, sorted: [{"key":"a@example.com","value":"REJECT"}]
 * GET    /policy/tables/{table}/entries/{key}  {"key":..., "value":...}, 404 when absent
 * PUT    /policy/tables/{table}/entries/{key}  {"value":"REJECT no thanks"}: 204, adds or replaces
 * DELETE /policy/tables/{table}/entries/{key}  204, 404 when absent
 * </pre>
 * Keys are case-insensitive (stored lower case). A value must be an access(5) action, checked as the SMTP
 * server will read it; a bad table name, key or value is answered 400 and nothing is written.
 */
public class PolicyTablesRoutes implements Routes {
    public static final String BASE_PATH = "/policy/tables";
    private static final String TABLE = BASE_PATH + "/:table";
    private static final String ENTRY = TABLE + "/entries/:key";
    private static final Set<String> ENTRY_FIELDS = Set.of("value");

    private final TableStore store;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public PolicyTablesRoutes(TableStore store) {
        this.store = store;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::listTables, json);
        service.get(TABLE, this::listEntries, json);
        service.get(ENTRY, this::getEntry, json);
        service.put(ENTRY, this::putEntry);
        service.delete(ENTRY, this::deleteEntry);
    }

    private Object listTables(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        return store.tableSizes().entrySet().stream()
            .map(table -> new TableSize(table.getKey(), table.getValue()))
            .toList();
    }

    private Object listEntries(Request request, Response response) {
        response.type(Constants.JSON_CONTENT_TYPE);
        String table = table(request);
        return store.list(table).stream()
            .map(entry -> new Entry(entry.key(), entry.value()))
            .toList();
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
        String value = JsonBodies.parse(request.body(), ENTRY_FIELDS).requiredString("value");
        try {
            TableStore.checkedValue(value);
            AccessAction.parse(value, "db:" + table, key);
        } catch (IllegalArgumentException | InvalidConfigurationException e) {
            throw JsonBodies.badRequest("invalid value for key \"" + key + "\" of table " + table + ": " + e.getMessage(),
                Optional.empty());
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

    private static String table(Request request) {
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

    /** One table in {@code GET /policy/tables}. */
    @JsonPropertyOrder({"name", "entries"})
    public record TableSize(String name, int entries) {
    }

    /** One entry as JSON. */
    @JsonPropertyOrder({"key", "value"})
    public record Entry(String key, String value) {
    }
}
