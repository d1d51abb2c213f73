package org.postern.policy.settings;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postern.config.InvalidConfigurationException;

/**
 * Reads a policy file written as Postfix's main.cf, so an admin can paste restriction lists from a Postfix
 * server: {@code name = value}; a line that starts with white space continues the previous one; {@code #}
 * starts a comment line; {@code $name} and {@code ${name}} refer to another parameter. Per-server overrides
 * (master.cf's {@code -o}) go in sections: {@code [submission]} followed by its own {@code name = value} lines.
 * A reference inside a section sees the section's values first, then the global ones.
 */
public final class PolicyFileParser {
    private static final Pattern PARAMETER = Pattern.compile("^([A-Za-z0-9_]+)\\s*=\\s*(.*)$");
    private static final Pattern SECTION = Pattern.compile("^\\[\\s*([A-Za-z0-9_.-]+)\\s*]\\s*$");
    private static final Pattern REFERENCE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)}|\\(([A-Za-z0-9_]+)\\)|([A-Za-z0-9_]+))");

    private PolicyFileParser() {
    }

    /** Parses the lines of {@code source} (named in every error, with the line number). */
    public static PolicySettings parse(String source, List<String> lines) {
        return parse(source, lines, Map.of());
    }

    /**
     * As {@link #parse(String, List)}, with parameters the server defines itself (e.g. {@code myhostname}
     * from MAIL_HOSTNAME) that the file may refer to as Postfix files do, without setting them.
     */
    public static PolicySettings parse(String source, List<String> lines, Map<String, String> builtIn) {
        Map<String, PolicySettings.Setting> global = new LinkedHashMap<>();
        Map<String, Map<String, PolicySettings.Setting>> servers = new LinkedHashMap<>();
        Map<String, Integer> sectionLines = new LinkedHashMap<>();
        Map<String, PolicySettings.Setting> current = global;
        PendingSetting pending = null;

        for (int index = 0; index < lines.size(); index++) {
            int lineNumber = index + 1;
            String line = lines.get(index);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (pending == null) {
                    throw error(source, lineNumber, "continuation line without a parameter before it");
                }
                pending.append(trimmed);
                continue;
            }
            if (pending != null) {
                pending.store();
                pending = null;
            }
            Matcher section = SECTION.matcher(trimmed);
            if (section.matches()) {
                String server = section.group(1);
                if (servers.containsKey(server)) {
                    throw error(source, lineNumber, "section [" + server + "] appears twice");
                }
                current = new LinkedHashMap<>();
                servers.put(server, current);
                sectionLines.put(server, lineNumber);
                continue;
            }
            Matcher parameter = PARAMETER.matcher(trimmed);
            if (!parameter.matches()) {
                throw error(source, lineNumber, "expected 'name = value' or '[server]', found '" + abbreviate(trimmed) + "'");
            }
            pending = new PendingSetting(current, parameter.group(1), parameter.group(2).strip(), lineNumber);
        }
        if (pending != null) {
            pending.store();
        }

        Set<String> referenced = new HashSet<>();
        Map<String, PolicySettings.Setting> expandedGlobal = expandScope(source, global, builtIn, referenced);
        Map<String, String> globalValues = new LinkedHashMap<>(builtIn);
        expandedGlobal.forEach((name, setting) -> globalValues.put(name, setting.value()));
        Map<String, Map<String, PolicySettings.Setting>> expandedServers = new LinkedHashMap<>();
        servers.forEach((server, settings) ->
            expandedServers.put(server, expandScope(source, settings, globalValues, referenced)));
        return new PolicySettings(source, expandedGlobal, expandedServers, sectionLines, referenced);
    }

    /** Expands references inside one scope; names it does not set come, already expanded, from {@code outer}. */
    private static Map<String, PolicySettings.Setting> expandScope(String source, Map<String, PolicySettings.Setting> scope,
                                                                   Map<String, String> outer, Set<String> referenced) {
        Map<String, PolicySettings.Setting> expanded = new LinkedHashMap<>();
        scope.forEach((name, setting) -> expanded.put(name, new PolicySettings.Setting(name,
            expand(source, setting, scope, outer, List.of(name), referenced), setting.line())));
        return expanded;
    }

    /** {@code chain}: the parameters being expanded, outermost first, to report a loop as the admin wrote it. */
    private static String expand(String source, PolicySettings.Setting setting, Map<String, PolicySettings.Setting> scope,
                                 Map<String, String> outer, List<String> chain, Set<String> referenced) {
        Matcher reference = REFERENCE.matcher(setting.value());
        StringBuilder result = new StringBuilder();
        while (reference.find()) {
            String name = Optional.ofNullable(reference.group(1))
                .or(() -> Optional.ofNullable(reference.group(2)))
                .orElse(reference.group(3));
            referenced.add(name);
            String value;
            if (scope.containsKey(name)) {
                List<String> deeper = new java.util.ArrayList<>(chain);
                deeper.add(name);
                if (chain.contains(name)) {
                    PolicySettings.Setting origin = scope.get(chain.get(0));
                    throw error(source, origin.line(), "'" + origin.name() + "' refers to itself: $" + String.join(" -> $", deeper));
                }
                value = expand(source, scope.get(name), scope, outer, deeper, referenced);
            } else if (outer.containsKey(name)) {
                value = outer.get(name);
            } else {
                throw error(source, setting.line(), "'" + setting.name() + "' refers to $" + name + ", which is not set");
            }
            reference.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        reference.appendTail(result);
        return result.toString();
    }

    private static InvalidConfigurationException error(String source, int line, String reason) {
        return new InvalidConfigurationException(source + " line " + line + ": " + reason);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A parameter whose value may continue on the next lines. */
    private static final class PendingSetting {
        private final Map<String, PolicySettings.Setting> target;
        private final String name;
        private final StringBuilder value;
        private final int line;

        PendingSetting(Map<String, PolicySettings.Setting> target, String name, String value, int line) {
            this.target = target;
            this.name = name;
            this.value = new StringBuilder(value);
            this.line = line;
        }

        void append(String continuation) {
            if (value.length() > 0) {
                value.append(' ');
            }
            value.append(continuation);
        }

        void store() {
            // as in Postfix, a parameter set twice keeps its last value
            target.put(name, new PolicySettings.Setting(name, value.toString(), line));
        }
    }
}
