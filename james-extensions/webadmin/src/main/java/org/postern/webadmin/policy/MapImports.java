package org.postern.webadmin.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.postern.policy.table.PostfixMapText;
import org.postern.policy.table.TableKind;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import spark.Request;

/**
 * What the routes that take whole Postfix maps share ({@code /policy/maps/...}: db: tables, the virtual alias
 * table): reading the body with every line checked, the merge or replace mode, the summary they answer.
 */
final class MapImports {
    static final String BASE_PATH = "/policy/maps";
    static final int MAX_REPORTED_ERRORS = 100;

    private MapImports() {
    }

    /**
     * The map in the body, every value checked by {@code kind}; 400 naming each refused line when any is, and when
     * a map that replaces a whole table has no entry (an empty body is more often a client's mistake than an
     * intent: {@code emptying} says how to empty the table on purpose).
     */
    static PostfixMapText.Parsed parse(Request request, TableKind kind, boolean replace, String emptying) {
        PostfixMapText.Parsed parsed = PostfixMapText.check("map", request.bodyAsBytes(), kind, MAX_REPORTED_ERRORS);
        if (replace && !parsed.hasErrors() && parsed.entries().isEmpty()) {
            throw JsonBodies.badRequest("the map has no entry: mode=replace would empty the table; " + emptying
                + "; nothing was written", Optional.empty());
        }
        if (parsed.hasErrors()) {
            int refused = parsed.errors().size();
            String count = refused >= MAX_REPORTED_ERRORS ? "at least " + MAX_REPORTED_ERRORS : String.valueOf(refused);
            throw JsonBodies.badRequest(count + " refused line" + (refused == 1 ? "" : "s") + " in the map; nothing was written",
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
