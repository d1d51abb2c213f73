package org.postern.webadmin.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.postern.policy.table.AddressTableKind;
import org.postern.policy.table.MapEntry;
import org.postern.policy.syntax.MailboxSyntax;
import org.postern.policy.table.PostfixMapText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The virtual alias table (James's recipient rewrite table, read as Postfix's virtual_alias_maps) over webadmin:
 * <pre>
 * GET    /virtual/catch-all                  [{"domain":"example.com","destination":"info@example.com"}]
 * PUT    /virtual/catch-all/{domain}         {"destination":"info@example.com"}: 204; every address of the domain
 *                                            without its own mailbox or alias goes there
 * DELETE /virtual/catch-all/{domain}         204, 404 when the domain has none
 * GET    /policy/maps/virtual                the whole table as a Postfix virtual map (text/plain)
 * POST   /policy/maps/virtual?mode=merge|replace  a virtual map (the body): 200 with a summary; 400 naming every
 *                                            refused line, and then nothing is written
 * </pre>
 * A virtual map holds {@code user@domain targets} (an alias, a list, a forward), {@code @domain targets} (a
 * catch-all) and {@code @domain @otherdomain} (a domain alias); targets are separated by commas or blanks. Keys
 * must be in hosted domains. {@code merge} (the default) replaces the entries of the keys it names;
 * {@code replace} makes the table hold exactly the map. Error and regex mappings, which a Postfix map cannot
 * express, are listed as comments and left alone. Aliases made with James's {@code /address/...} routes are part
 * of the same table.
 */
public class VirtualRoutes implements Routes {
    public static final String CATCH_ALL = "/virtual/catch-all";
    public static final String MAP = MapImports.BASE_PATH + "/virtual";
    private static final String DOMAIN = CATCH_ALL + "/:domain";
    private static final Set<String> CATCH_ALL_FIELDS = Set.of("destination");
    private static final Set<Mapping.Type> WRITTEN = Set.of(Mapping.Type.Address, Mapping.Type.Alias, Mapping.Type.Group,
        Mapping.Type.Forward, Mapping.Type.Domain, Mapping.Type.DomainAlias);
    private static final Logger LOGGER = LoggerFactory.getLogger(VirtualRoutes.class);
    /** James's alias table: USER_NAME and DOMAIN_NAME columns. */
    private static final int MAX_NAME = 100;
    /** The TARGET_ADDRESS column as Postern makes it (store-jpa's RewriteTableSchema). */
    private static final int MAX_TARGETS_LENGTH = 8000;

    private final RecipientRewriteTable table;
    private final DomainList domains;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public VirtualRoutes(RecipientRewriteTable table, DomainList domains) {
        this.table = table;
        this.domains = domains;
    }

    @Override
    public String getBasePath() {
        return "/virtual";
    }

    @Override
    public void define(Service service) {
        service.get(CATCH_ALL, this::listCatchAlls, json);
        service.put(DOMAIN, this::putCatchAll);
        service.delete(DOMAIN, this::deleteCatchAll);
        service.get(MAP, this::exportMap);
        service.post(MAP, this::importMap, json);
    }

    private Object listCatchAlls(Request request, Response response) throws RecipientRewriteTableException {
        response.type(Constants.JSON_CONTENT_TYPE);
        List<CatchAll> catchAlls = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : entries().entrySet()) {
            List<String> targets = entry.getValue();
            if (entry.getKey().startsWith("@") && !targets.get(0).startsWith("@")) {
                catchAlls.add(new CatchAll(entry.getKey().substring(1), String.join(", ", targets)));
            }
        }
        return catchAlls;
    }

    private Object putCatchAll(Request request, Response response) throws RecipientRewriteTableException {
        String domain = hostedDomain(request.params("domain"));
        String destination = JsonBodies.parse(request, CATCH_ALL_FIELDS).requiredString("destination").strip();
        try {
            AddressTableKind.GENERIC.checkValue(destination);
            storable(destination);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest("bad destination: " + e.getMessage(), Optional.empty());
        }
        MappingSource source = MappingSource.fromDomain(Domain.of(domain));
        if (written(source).stream().anyMatch(mapping -> mapping.getType() == Mapping.Type.Domain
            || mapping.getType() == Mapping.Type.DomainAlias)) {
            throw JsonBodies.badRequest(domain + " is an alias of another domain: remove that first", Optional.empty());
        }
        List<Mapping> catchAll = List.of(Mapping.address(destination.toLowerCase(Locale.ROOT)));
        try {
            fits(source, catchAll);
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest("bad destination: " + e.getMessage(), Optional.empty());
        }
        replace(source, catchAll);
        LOGGER.info("catch-all of {} set to {} by webadmin", domain, destination);
        response.status(204);
        return "";
    }

    private Object deleteCatchAll(Request request, Response response) throws RecipientRewriteTableException {
        String domain = request.params("domain").toLowerCase(Locale.ROOT);
        MappingSource source;
        try {
            source = MappingSource.fromDomain(Domain.of(domain));
        } catch (IllegalArgumentException e) {
            throw JsonBodies.badRequest("bad domain \"" + domain + "\"", Optional.empty());
        }
        List<Mapping> catchAll = written(source).stream().filter(mapping -> mapping.getType() != Mapping.Type.Domain
            && mapping.getType() != Mapping.Type.DomainAlias).toList();
        if (catchAll.isEmpty()) {
            response.type(Constants.JSON_CONTENT_TYPE);
            throw JsonBodies.notFound(domain + " has no catch-all");
        }
        for (Mapping mapping : catchAll) {
            table.removeMapping(source, mapping);
        }
        response.status(204);
        return "";
    }

    private Object exportMap(Request request, Response response) throws RecipientRewriteTableException {
        response.type("text/plain; charset=utf-8");
        StringBuilder text = new StringBuilder("# virtual alias table (James's recipient rewrite table)\n");
        Map<String, Mappings> all = new TreeMap<>();
        table.getAllMappings().forEach((source, mappings) -> all.put(key(source), mappings));
        for (Map.Entry<String, Mappings> entry : all.entrySet()) {
            List<String> targets = new ArrayList<>();
            for (Mapping mapping : entry.getValue()) {
                if (WRITTEN.contains(mapping.getType())) {
                    targets.add(target(mapping));
                } else {
                    text.append("# ").append(entry.getKey()).append(": ").append(mapping.asString())
                        .append(" (not a virtual map entry; left as it is)\n");
                }
            }
            if (!targets.isEmpty()) {
                text.append(entry.getKey()).append('\t').append(String.join(", ", targets)).append('\n');
            }
        }
        return text.toString();
    }

    private Object importMap(Request request, Response response) throws RecipientRewriteTableException {
        boolean replace = MapImports.replaceMode(request);
        PostfixMapText.Parsed parsed = MapImports.parse(request, AddressTableKind.VIRTUAL_ALIAS, replace,
            "remove entries one by one (DELETE " + CATCH_ALL + "/{domain}, James's /address/... routes)");
        List<MapEntry> entries = parsed.entries();
        List<String> warnings = parsed.warnings();
        Map<MappingSource, List<Mapping>> wanted = new LinkedHashMap<>();
        Map<MappingSource, Integer> lineOf = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (MapEntry entry : entries) {
            try {
                MappingSource source = source(entry.key());
                List<Mapping> mappings = mappings(entry);
                fits(source, mappings);
                Integer earlier = lineOf.putIfAbsent(source, entry.line());
                if (earlier != null) {
                    throw new IllegalArgumentException("the same entry as line " + earlier);
                }
                wanted.put(source, mappings);
            } catch (IllegalArgumentException e) {
                errors.add("map line " + entry.line() + ": key \"" + entry.key() + "\": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw JsonBodies.badRequest(errors.size() + " refused line" + (errors.size() == 1 ? "" : "s")
                + " in the map; nothing was written", Optional.of(String.join("\n", errors)));
        }
        if (replace) {
            for (MappingSource source : table.getAllMappings().keySet()) {
                if (!wanted.containsKey(source)) {
                    replace(source, List.of());
                }
            }
        }
        for (Map.Entry<MappingSource, List<Mapping>> entry : wanted.entrySet()) {
            replace(entry.getKey(), entry.getValue());
        }
        LOGGER.info("virtual alias map imported by webadmin: {} entries ({})", wanted.size(), replace ? "replace" : "merge");
        response.type(Constants.JSON_CONTENT_TYPE);
        return new MapImports.ImportSummary("virtual", "virtual_alias", replace ? "replace" : "merge", wanted.size(), warnings);
    }

    /**
     * Makes the source's virtual map entries lead to exactly these targets, leaving its error and regex mappings
     * alone. A target the source has already keeps its mapping as it is (a group member, a forward made with
     * James's routes stays one), so that importing an export changes nothing.
     */
    private void replace(MappingSource source, List<Mapping> mappings) throws RecipientRewriteTableException {
        Set<String> targets = mappings.stream().map(VirtualRoutes::comparable).collect(Collectors.toSet());
        for (Mapping existing : written(source)) {
            if (!targets.contains(comparable(existing))) {
                table.removeMapping(source, existing);
            }
        }
        Set<String> present = written(source).stream().map(VirtualRoutes::comparable).collect(Collectors.toSet());
        for (Mapping mapping : mappings) {
            if (!present.contains(comparable(mapping))) {
                table.addMapping(source, mapping);
            }
        }
    }

    /**
     * James's alias table keeps the targets of one address in one column ({@code ;}-separated, {@code :} after a
     * type): an address with those characters cannot be stored whole.
     */
    private static void storable(String address) {
        if (address.indexOf(';') >= 0 || address.indexOf(':') >= 0) {
            throw new IllegalArgumentException("\"" + address + "\": the alias table cannot hold an address with ';' or ':'");
        }
    }

    /** The source and its targets fit the alias table's columns (with the mappings the map leaves alone). */
    private void fits(MappingSource source, List<Mapping> mappings) {
        if (source.getFixedUser().length() > MAX_NAME || source.getFixedDomain().length() > MAX_NAME) {
            throw new IllegalArgumentException("the alias table holds users and domains of up to " + MAX_NAME + " characters");
        }
        int length;
        try {
            Mappings stored = table.getStoredMappings(source);
            length = Stream.concat(
                    stored == null ? Stream.empty() : stored.asStream().filter(mapping -> !WRITTEN.contains(mapping.getType())),
                    mappings.stream())
                .mapToInt(mapping -> mapping.asString().length() + 1).sum();
        } catch (RecipientRewriteTableException e) {
            throw new IllegalStateException("the alias table cannot answer: " + e.getMessage(), e);
        }
        if (length > MAX_TARGETS_LENGTH) {
            throw new IllegalArgumentException("its targets take " + length + " characters; the alias table holds "
                + MAX_TARGETS_LENGTH + " for one address: split the list into lists of lists");
        }
    }

    private List<Mapping> written(MappingSource source) throws RecipientRewriteTableException {
        Mappings mappings = table.getStoredMappings(source);
        return mappings == null ? List.of() : mappings.asStream().filter(mapping -> WRITTEN.contains(mapping.getType())).toList();
    }

    /** The key of a virtual map line as a source of the table; the domain must be hosted. */
    private MappingSource source(String key) {
        int at = key.lastIndexOf('@');
        if (at < 0 || at == key.length() - 1) {
            throw new IllegalArgumentException("a key is user@domain or @domain");
        }
        String domain = key.substring(at + 1);
        if (at > 0) {
            if (key.substring(0, at).equals("*")) {
                throw new IllegalArgumentException("a catch-all is written @" + domain);
            }
            if (!MailboxSyntax.isValid(key)) {
                throw new IllegalArgumentException(MailboxSyntax.problem(key));
            }
            storable(key);
        }
        if (!isHosted(domain)) {
            throw new IllegalArgumentException("the domain " + domain + " is not hosted here (PUT /domains/" + domain + " first)");
        }
        return at == 0 ? MappingSource.fromDomain(Domain.of(domain)) : MappingSource.fromUser(key.substring(0, at), domain);
    }

    private static List<Mapping> mappings(MapEntry entry) {
        List<String> targets = List.of(entry.value().toLowerCase(Locale.ROOT).split("[\\s,]+")).stream()
            .filter(target -> !target.isEmpty()).toList();
        boolean domainAlias = targets.stream().anyMatch(target -> target.startsWith("@"));
        if (domainAlias) {
            if (targets.size() != 1 || !entry.key().startsWith("@")) {
                throw new IllegalArgumentException("@domain as a target makes a domain alias: \"@alias.example @example.com\", alone on its line");
            }
            return List.of(Mapping.domainAlias(Domain.of(targets.get(0).substring(1))));
        }
        targets.forEach(VirtualRoutes::storable);
        return targets.stream().map(Mapping::address).toList();
    }

    private String hostedDomain(String written) {
        String domain = written.toLowerCase(Locale.ROOT);
        if (!isHosted(domain)) {
            throw JsonBodies.badRequest("the domain " + domain + " is not hosted here (PUT /domains/" + domain + " first)",
                Optional.empty());
        }
        return domain;
    }

    private boolean isHosted(String domain) {
        try {
            return domains.containsDomain(Domain.of(domain));
        } catch (IllegalArgumentException e) {
            return false;
        } catch (DomainListException e) {
            throw new IllegalStateException("the domain list cannot answer: " + e.getMessage(), e);
        }
    }

    private Map<String, List<String>> entries() throws RecipientRewriteTableException {
        Map<String, List<String>> entries = new TreeMap<>();
        for (Map.Entry<MappingSource, Mappings> entry : table.getAllMappings().entrySet()) {
            List<String> targets = entry.getValue().asStream().filter(mapping -> WRITTEN.contains(mapping.getType()))
                .map(VirtualRoutes::target).toList();
            if (!targets.isEmpty()) {
                entries.put(key(entry.getKey()), targets);
            }
        }
        return entries;
    }

    private static String key(MappingSource source) {
        return source.getFixedUser().equals("*") ? "@" + source.getFixedDomain() : source.getFixedUser() + "@" + source.getFixedDomain();
    }

    private static String comparable(Mapping mapping) {
        return target(mapping).toLowerCase(Locale.ROOT);
    }

    private static String target(Mapping mapping) {
        return mapping.getType() == Mapping.Type.Domain || mapping.getType() == Mapping.Type.DomainAlias
            ? "@" + mapping.getMappingValue() : mapping.getMappingValue();
    }

    /** One catch-all as JSON. */
    @JsonPropertyOrder({"domain", "destination"})
    public record CatchAll(String domain, String destination) {
    }
}
