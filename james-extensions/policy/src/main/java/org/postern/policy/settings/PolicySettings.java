package org.postern.policy.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a Postfix-style policy file: the global {@code name = value} lines (main.cf) and, for
 * each SMTP server, its overrides (master.cf's {@code -o name=value}), written as {@code [server]} sections.
 * Values are already joined across continuation lines and {@code $name} references are expanded.
 */
public final class PolicySettings {
    private final String source;
    private final Map<String, Setting> global;
    private final Map<String, Map<String, Setting>> servers;
    private final Map<String, Integer> sectionLines;
    private final Set<String> referenced;

    /** One parameter and the line it was written on, so errors found later can still name it. */
    public record Setting(String name, String value, int line) {
    }

    PolicySettings(String source, Map<String, Setting> global, Map<String, Map<String, Setting>> servers,
                   Map<String, Integer> sectionLines, Set<String> referenced) {
        this.source = source;
        this.sectionLines = Map.copyOf(sectionLines);
        this.referenced = Set.copyOf(referenced);
        this.global = Collections.unmodifiableMap(new LinkedHashMap<>(global));
        Map<String, Map<String, Setting>> copy = new LinkedHashMap<>();
        servers.forEach((server, settings) -> copy.put(server, Collections.unmodifiableMap(new LinkedHashMap<>(settings))));
        this.servers = Collections.unmodifiableMap(copy);
    }

    /** Where the settings came from, e.g. {@code conf/policy.cf}, for error messages. */
    public String source() {
        return source;
    }

    /** The value for a server: its own override, else the global value. */
    public Optional<Setting> get(String server, String name) {
        Setting override = servers.getOrDefault(server, Map.of()).get(name);
        return override != null ? Optional.of(override) : Optional.ofNullable(global.get(name));
    }

    public Optional<Setting> global(String name) {
        return Optional.ofNullable(global.get(name));
    }

    /** The servers that have a section, in file order. */
    public Set<String> servers() {
        return servers.keySet();
    }

    /** The line of a server's {@code [section]} header, 0 when it has none. */
    public int sectionLine(String server) {
        return sectionLines.getOrDefault(server, 0);
    }

    /** True when some value refers to the parameter as {@code $name}: it is used even if nothing reads it. */
    public boolean isReferenced(String name) {
        return referenced.contains(name);
    }

    /** Every parameter name written anywhere, for checking them against the known ones. */
    public List<Setting> all() {
        List<Setting> all = new java.util.ArrayList<>(global.values());
        servers.values().forEach(settings -> all.addAll(settings.values()));
        return all;
    }
}
