package org.postern.policy.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The table kinds this server knows, by name: what webadmin accepts in {@code {"kind": ...}}. */
public final class TableKinds {
    private final Map<String, TableKind> byName = new LinkedHashMap<>();

    public TableKinds(Collection<? extends TableKind> kinds) {
        for (TableKind kind : kinds) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalStateException("two table kinds are named " + kind.name());
            }
        }
    }

    /** The address-map kinds of this package plus {@code others} (access, which needs its feature's actions). */
    public static TableKinds withAddressKinds(TableKind... others) {
        List<TableKind> kinds = new ArrayList<>(List.of(others));
        kinds.addAll(List.of(AddressTableKind.RELOCATED, AddressTableKind.VIRTUAL_ALIAS, AddressTableKind.RELAY_RECIPIENTS,
            AddressTableKind.TRANSPORT_ROUTES, AddressTableKind.GENERIC));
        return new TableKinds(kinds);
    }

    public Optional<TableKind> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names, for messages: "access, relocated, ...". */
    public String names() {
        return String.join(", ", byName.keySet());
    }
}
