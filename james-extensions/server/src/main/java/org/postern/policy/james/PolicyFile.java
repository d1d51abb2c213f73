package org.postern.policy.james;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.restriction.RestrictionEnvironment;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.settings.PolicyFileParser;
import org.postern.policy.settings.PolicySettings;

/**
 * {@code conf/policy.cf}, read once at startup: the global parameters (main.cf) and, for each SMTP server
 * (the jmxName of its {@code <smtpserver>}), its {@code [server]} overrides (master.cf's {@code -o}). Every
 * server of the shipped smtpserver.xml gets its lists even without a section of its own.
 */
public final class PolicyFile implements RestrictionsByServer {
    public static final String FILE_NAME = "policy.cf";
    static final List<String> SHIPPED_SERVERS = List.of("smtp", "submission", "smtps");

    private final Map<String, ServerRestrictions> byServer;

    private PolicyFile(Map<String, ServerRestrictions> byServer) {
        this.byServer = Collections.unmodifiableMap(byServer);
    }

    /**
     * @param builtIn parameters the server defines (myhostname, mydomain) that the file may refer to
     * @throws InvalidConfigurationException naming the file, line or list and token
     */
    public static PolicyFile read(Path confDirectory, Map<String, String> builtIn, RestrictionEnvironment environment) {
        Path file = confDirectory.resolve(FILE_NAME);
        String source = "conf/" + FILE_NAME;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(source + ": missing (" + file + "); it holds the SMTP restriction lists");
        } catch (IOException e) {
            throw new InvalidConfigurationException(source + ": cannot be read: " + e.getMessage());
        }
        return parse(source, lines, builtIn, environment);
    }

    static PolicyFile parse(String source, List<String> lines, Map<String, String> builtIn, RestrictionEnvironment environment) {
        PolicySettings settings = PolicyFileParser.parse(source, lines, builtIn);
        Set<String> servers = new LinkedHashSet<>(SHIPPED_SERVERS);
        servers.addAll(settings.servers());
        Map<String, ServerRestrictions> byServer = new LinkedHashMap<>();
        for (String server : servers) {
            Map<String, String> parameters = new LinkedHashMap<>(builtIn);
            for (PolicySettings.Setting written : settings.all()) {
                settings.get(server, written.name()).ifPresent(setting -> parameters.put(setting.name(), setting.value()));
            }
            String where = settings.servers().contains(server) ? source + " [" + server + "]" : source;
            byServer.put(server, ServerRestrictions.parse(where, parameters, environment));
        }
        return new PolicyFile(byServer);
    }

    @Override
    public Set<String> servers() {
        return byServer.keySet();
    }

    @Override
    public Optional<ServerRestrictions> forServer(String server) {
        return Optional.ofNullable(byServer.get(server));
    }
}
