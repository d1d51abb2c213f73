package org.postern.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.postern.config.InvalidConfigurationException;
import org.postern.dns.DnsServerAddress;

/**
 * The environment contract of the server, read once and checked before anything starts: ports, bind
 * addresses, directories, host name, DNS servers, webadmin password and TLS files. Each bad value stops
 * startup with the variable's name.
 */
public final class ServerSettings {
    private static final Pattern IPV4 = Pattern.compile(
        "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");
    private static final Pattern HOSTNAME = Pattern.compile(
        "(?i)^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");

    private final Path home;
    private final Path confDirectory;
    private final Path dataDirectory;
    private final Path extensionsDirectory;
    private final String hostname;
    private final String bindAddress;
    private final List<ListenerPort> listeners;
    private final Optional<String> dnsServers;
    private final Optional<String> webAdminPassword;
    private final Optional<Path> tlsCertificate;
    private final Optional<Path> tlsPrivateKey;

    private ServerSettings(Path home, Path confDirectory, Path dataDirectory, Path extensionsDirectory, String hostname,
                           String bindAddress,
                           List<ListenerPort> listeners, Optional<String> dnsServers, Optional<String> webAdminPassword,
                           Optional<Path> tlsCertificate, Optional<Path> tlsPrivateKey) {
        this.home = home;
        this.confDirectory = confDirectory;
        this.dataDirectory = dataDirectory;
        this.extensionsDirectory = extensionsDirectory;
        this.hostname = hostname;
        this.bindAddress = bindAddress;
        this.listeners = List.copyOf(listeners);
        this.dnsServers = dnsServers;
        this.webAdminPassword = webAdminPassword;
        this.tlsCertificate = tlsCertificate;
        this.tlsPrivateKey = tlsPrivateKey;
    }

    public static ServerSettings fromEnvironment(Map<String, String> environment) {
        Environment env = new Environment(environment);
        Path home = env.path("POSTERN_HOME").orElseGet(() -> Path.of("").toAbsolutePath());
        Path conf = env.path("CONF_DIR").orElse(home.resolve("conf"));
        if (!Files.isDirectory(conf)) {
            throw new InvalidConfigurationException("CONF_DIR: " + conf + " is not a directory");
        }
        Path data = env.path("DATA_DIR").orElse(home.resolve("var"));
        Optional<Path> extensions = env.path("EXTENSIONS_DIR");
        if (extensions.isPresent() && !Files.isDirectory(extensions.get())) {
            throw new InvalidConfigurationException("EXTENSIONS_DIR: " + extensions.get() + " is not a directory");
        }
        String hostname = env.value("MAIL_HOSTNAME").map(name -> name.toLowerCase(Locale.US)).orElseGet(ServerSettings::systemHostname);
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new InvalidConfigurationException("MAIL_HOSTNAME: '" + hostname + "' is not a valid host name");
        }
        String bind = env.address("BIND_ADDRESS", "0.0.0.0");
        String webAdminBind = env.address("WEBADMIN_BIND_ADDRESS", "127.0.0.1");

        List<ListenerPort> listeners = new ArrayList<>();
        listeners.add(env.port("SMTP", "SMTP_PORT", bind, 25));
        listeners.add(env.port("Submission", "SUBMISSION_PORT", bind, 587));
        listeners.add(env.port("SMTPS", "SMTPS_PORT", bind, 465));
        listeners.add(env.port("IMAP", "IMAP_PORT", bind, 143));
        listeners.add(env.port("IMAPS", "IMAPS_PORT", bind, 993));
        listeners.add(env.port("POP3", "POP3_PORT", bind, 110));
        listeners.add(env.port("POP3S", "POP3S_PORT", bind, 995));
        listeners.add(env.port("ManageSieve", "MANAGESIEVE_PORT", bind, 4190));
        listeners.add(env.port("Webadmin", "WEBADMIN_PORT", webAdminBind, 8000));
        rejectDuplicatePorts(listeners);

        Optional<Path> certificate = env.path("TLS_CERT_FILE");
        Optional<Path> key = env.path("TLS_KEY_FILE");
        if (certificate.isPresent() != key.isPresent()) {
            throw new InvalidConfigurationException(certificate.isPresent()
                ? "TLS_KEY_FILE: must be set together with TLS_CERT_FILE"
                : "TLS_CERT_FILE: must be set together with TLS_KEY_FILE");
        }
        Optional<String> dnsServers = env.value("DNS_SERVERS");
        dnsServers.ifPresent(list -> DnsServerAddress.parseList(list, "DNS_SERVERS"));
        return new ServerSettings(home, conf, data.toAbsolutePath().normalize(),
            extensions.orElse(home.resolve("extensions-jars")).toAbsolutePath().normalize(), hostname, bind, listeners,
            dnsServers, env.value("WEBADMIN_PASSWORD"), certificate, key);
    }

    private static void rejectDuplicatePorts(List<ListenerPort> listeners) {
        Map<Integer, ListenerPort> byPort = new HashMap<>();
        for (ListenerPort listener : listeners) {
            ListenerPort previous = byPort.putIfAbsent(listener.port(), listener);
            if (previous != null) {
                throw new InvalidConfigurationException(previous.variable() + " and " + listener.variable()
                    + " are both " + listener.port() + ": each service needs its own port");
            }
        }
    }

    private static String systemHostname() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.US);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public Path home() {
        return home;
    }

    public Path confDirectory() {
        return confDirectory;
    }

    /** EXTENSIONS_DIR: the jars of the admin's own mailets, matchers and hooks (extensions-jars/ by default). */
    public Path extensionsDirectory() {
        return extensionsDirectory;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String hostname() {
        return hostname;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public List<ListenerPort> listeners() {
        return listeners;
    }

    public ListenerPort listener(String variable) {
        return listeners.stream()
            .filter(listener -> listener.variable().equals(variable))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(variable));
    }

    public Optional<String> dnsServers() {
        return dnsServers;
    }

    public Optional<String> webAdminPassword() {
        return webAdminPassword;
    }

    public Optional<Path> tlsCertificate() {
        return tlsCertificate;
    }

    public Optional<Path> tlsPrivateKey() {
        return tlsPrivateKey;
    }

    /** Typed reads of environment variables; blank counts as unset. */
    private static final class Environment {
        private final Map<String, String> variables;

        Environment(Map<String, String> variables) {
            this.variables = variables;
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(variables.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }

        Optional<Path> path(String name) {
            return value(name).map(value -> Path.of(value).toAbsolutePath().normalize());
        }

        /** IPv4 only: James 3.8.1 reads a listener's bind as "address:port" split on ':'. */
        String address(String name, String defaultValue) {
            String value = value(name).orElse(defaultValue);
            if (!IPV4.matcher(value).matches()) {
                throw new InvalidConfigurationException(name + ": '" + value + "' is not an IPv4 address (e.g. 0.0.0.0 or 127.0.0.1)");
            }
            return value;
        }

        ListenerPort port(String service, String name, String bindAddress, int defaultPort) {
            int port = value(name).map(value -> parsePort(name, value)).orElse(defaultPort);
            return new ListenerPort(service, name, bindAddress, port);
        }

        private static int parsePort(String name, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidConfigurationException(name + ": '" + value + "' is not a port number (1-65535)");
        }
    }
}
