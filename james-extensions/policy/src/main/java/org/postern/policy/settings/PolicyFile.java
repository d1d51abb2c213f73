package org.postern.policy.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.login.LoginFailureSettings;
import org.postern.policy.restriction.Parameter;
import org.postern.policy.restriction.PolicyEngine;
import org.postern.policy.restriction.RestrictionsByServer;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.virtual.VirtualSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code conf/policy.cf}, read once at startup: the global parameters (main.cf) and, for each SMTP server
 * (the jmxName of its {@code <smtpserver>}), its {@code [server]} overrides (master.cf's {@code -o}). Every
 * server of the shipped smtpserver.xml gets its lists even without a section of its own.
 */
public final class PolicyFile implements RestrictionsByServer {
    public static final String FILE_NAME = "policy.cf";
    static final List<String> SHIPPED_SERVERS = List.of("smtp", "submission", "smtps");

    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyFile.class);

    private final Map<String, ServerRestrictions> byServer;
    private final LoginFailureSettings loginFailures;
    private final VirtualSettings virtual;
    private final List<String> relocatedMaps;
    private final List<PolicySettings.Setting> unused;

    private PolicyFile(Map<String, ServerRestrictions> byServer, LoginFailureSettings loginFailures, VirtualSettings virtual,
                       List<String> relocatedMaps, List<PolicySettings.Setting> unused) {
        this.byServer = Collections.unmodifiableMap(byServer);
        this.loginFailures = loginFailures;
        this.virtual = virtual;
        this.relocatedMaps = List.copyOf(relocatedMaps);
        this.unused = List.copyOf(unused);
    }

    /** When client addresses are refused for failed logins (global: every protocol shares them). */
    public LoginFailureSettings loginFailures() {
        return loginFailures;
    }

    /**
     * recipient_delimiter and virtual_role_accounts, global: the mail pipeline resolves addresses with them, as the
     * SMTP servers do at RCPT.
     */
    public VirtualSettings virtualSettings() {
        return virtual;
    }

    /**
     * The global relocated_maps, as written: the mail pipeline bounces mail for relocated users that reached it
     * without the RCPT check (a server whose section checks no recipient at RCPT, mail sent by a mailet).
     */
    public List<String> relocatedMaps() {
        return relocatedMaps;
    }

    /** The parameters of the file that nothing reads (logged as warnings at startup). */
    List<PolicySettings.Setting> unusedParameters() {
        return unused;
    }

    /**
     * @param builtIn parameters the server defines (myhostname, mydomain) that the file may refer to
     * @throws InvalidConfigurationException naming the file, line or list and token
     */
    public static PolicyFile read(Path confDirectory, Map<String, String> builtIn, PolicyEngine engine) {
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
        return parse(source, lines, builtIn, engine, smtpServerNames(confDirectory));
    }

    /**
     * The {@code <jmxName>} of each enabled {@code <smtpserver>} of smtpserver.xml (James's default name when
     * absent); the shipped names when the file cannot be read, which James itself then reports.
     */
    static List<String> smtpServerNames(Path confDirectory) {
        Path file = confDirectory.resolve("smtpserver.xml");
        try {
            javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            org.w3c.dom.NodeList servers = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagName("smtpserver");
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < servers.getLength(); i++) {
                org.w3c.dom.Element server = (org.w3c.dom.Element) servers.item(i);
                if ("false".equalsIgnoreCase(server.getAttribute("enabled").strip())) {
                    continue;
                }
                org.w3c.dom.NodeList jmxName = server.getElementsByTagName("jmxName");
                names.add(jmxName.getLength() == 0 ? "smtpserver" : jmxName.item(0).getTextContent().strip());
            }
            return names.isEmpty() ? SHIPPED_SERVERS : names;
        } catch (Exception e) {
            return SHIPPED_SERVERS;
        }
    }

    static PolicyFile parse(String source, List<String> lines, Map<String, String> builtIn, PolicyEngine engine) {
        return parse(source, lines, builtIn, engine, SHIPPED_SERVERS);
    }

    /**
     * @param smtpServers the jmxNames of the SMTP servers (smtpserver.xml): a section for any other name is a
     *        mistake that would leave the server it meant without its lists, so it stops startup
     */
    static PolicyFile parse(String source, List<String> lines, Map<String, String> builtIn, PolicyEngine engine,
                            List<String> smtpServers) {
        PolicySettings settings = PolicyFileParser.parse(source, lines, builtIn);
        for (String section : settings.servers()) {
            if (!smtpServers.contains(section)) {
                throw new InvalidConfigurationException(source + " line " + settings.sectionLine(section) + ": [" + section
                    + "] is not an SMTP server of conf/smtpserver.xml (its <jmxName>s: " + String.join(", ", smtpServers) + ")");
            }
        }
        Set<String> known = new java.util.HashSet<>(engine.parameterNames());
        known.addAll(LoginFailureSettings.PARAMETERS);
        List<PolicySettings.Setting> unused = settings.all().stream()
            .filter(setting -> !known.contains(setting.name()) && !settings.isReferenced(setting.name()))
            .toList();
        // as Postfix's postconf: a pasted main.cf holds many parameters Postern has no use for
        unused.forEach(setting -> LOGGER.warn("{} line {}: unused parameter: {}={}", source, setting.line(), setting.name(),
            setting.value()));
        Set<String> servers = new LinkedHashSet<>(smtpServers);
        Map<String, ServerRestrictions> byServer = new LinkedHashMap<>();
        for (String server : servers) {
            Map<String, String> parameters = new LinkedHashMap<>(builtIn);
            for (PolicySettings.Setting written : settings.all()) {
                settings.get(server, written.name()).ifPresent(setting -> parameters.put(setting.name(), setting.value()));
            }
            String where = settings.servers().contains(server) ? source + " [" + server + "]" : source;
            byServer.put(server, engine.server(where, parameters));
        }
        LoginFailureSettings loginFailures = LoginFailureSettings.fromParameters(source,
            globalOnly(source, settings, builtIn, LoginFailureSettings.PARAMETERS,
                "applies to every protocol (SMTP AUTH, IMAP, POP3, ManageSieve, webadmin)"));
        List<String> virtualNames = VirtualSettings.PARAMETERS.stream().map(Parameter::name).toList();
        VirtualSettings virtual = VirtualSettings.from(engine.parameters(source,
            globalOnly(source, settings, builtIn, virtualNames, "applies to the mail pipeline as to every SMTP server")));
        List<String> relocatedMaps = settings.global("relocated_maps")
            .map(setting -> Arrays.stream(setting.value().strip().split("[\\s,]+")).filter(map -> !map.isEmpty()).toList())
            .orElse(List.of());
        return new PolicyFile(byServer, loginFailures, virtual, relocatedMaps, unused);
    }

    /**
     * The global values of parameters that cannot differ between servers, which are therefore refused inside a
     * [section].
     */
    private static Map<String, String> globalOnly(String source, PolicySettings settings, Map<String, String> builtIn,
                                                  Collection<String> names, String why) {
        for (String server : settings.servers()) {
            for (String name : names) {
                Optional<PolicySettings.Setting> inSection = settings.get(server, name)
                    .filter(setting -> settings.global(name).map(global -> global != setting).orElse(true));
                if (inSection.isPresent()) {
                    throw new InvalidConfigurationException(source + " line " + inSection.get().line() + ": " + name
                        + " " + why + ": set it before any [section]");
                }
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>(builtIn);
        for (String name : names) {
            settings.global(name).ifPresent(setting -> parameters.put(name, setting.value()));
        }
        return parameters;
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
