package org.postern.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;

/**
 * James's {@link DNSJavaService} with DNS servers that may listen on any port.
 *
 * <p>Reads the same {@code dnsservice.xml} as James ({@code <servers><server>}, {@code <autodiscover>},
 * {@code <authoritative>}, {@code <maxcachesize>}, {@code <negativeCacheTTL>}, {@code <searchpaths>},
 * {@code <setAsDNSJavaDefault>}, {@code <verbose>}), with these differences:
 * <ul>
 *   <li>each {@code <server>} is {@code host[:port]} (see {@link DnsServerAddress});</li>
 *   <li>when the system property {@value #SERVERS_PROPERTY} (set by the server's main from the
 *   {@code DNS_SERVERS} environment variable) is set and not blank, its comma-separated list
 *   replaces the file's servers;</li>
 *   <li>servers that are given are the only ones queried: the system's resolvers are used only when
 *   no server is given at all (James adds the autodiscovered servers in front of the configured ones
 *   whenever {@code <autodiscover>} is true, its default). {@code <autodiscover>} still brings in the
 *   system's search path, as in James.</li>
 * </ul>
 *
 * <p>Everything else is James's: the {@link org.xbill.DNS.Cache}, credibility, search path, result
 * handling ({@code findMXRecords} throws {@link org.apache.james.dnsservice.api.TemporaryResolutionException}
 * when the lookup timed out or got SERVFAIL) and dnsjava's default timeouts (5 s per server,
 * 10 s per query, 3 tries per server). Only the {@link #resolver} James builds from bare host names
 * is replaced, after {@link DNSJavaService#init()}, by an {@link ExtendedResolver} of
 * {@link SimpleResolver}s with the right ports; and, when {@code setAsDNSJavaDefault} is on (James's
 * default), it is registered as dnsjava's default resolver too, so that code using dnsjava's static
 * {@link Lookup} defaults (e.g. SPF checks) queries the same servers.
 */
public class PosternDnsService extends DNSJavaService {

    /** System property holding the {@code DNS_SERVERS} list; overrides {@code dnsservice.xml}'s servers. */
    public static final String SERVERS_PROPERTY = "postern.dns.servers";

    static final String ENVIRONMENT_SOURCE = "DNS_SERVERS";
    static final String FILE_SOURCE = "dnsservice.xml <servers><server>";

    private static final Logger LOGGER = LoggerFactory.getLogger(PosternDnsService.class);
    private static final DnsServerAddress LAST_RESORT = DnsServerAddress.of("127.0.0.1");

    private List<DnsServerAddress> servers = List.of();
    private String serversOrigin = "not configured";
    private boolean setAsDnsJavaDefault = true;

    @Inject
    public PosternDnsService(MetricFactory metricFactory) {
        super(metricFactory);
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        boolean autodiscover = configuration.getBoolean("autodiscover", true);
        setAsDnsJavaDefault = configuration.getBoolean("setAsDNSJavaDefault", true);

        List<DnsServerAddress> fromFile = new ArrayList<>();
        for (String entry : configuration.getStringArray("servers.server")) {
            if (!entry.isBlank()) {
                fromFile.add(DnsServerAddress.parse(entry, FILE_SOURCE));
            }
        }
        String override = System.getProperty(SERVERS_PROPERTY);
        if (override != null && !override.isBlank()) {
            servers = DnsServerAddress.parseList(override, ENVIRONMENT_SOURCE);
            serversOrigin = ENVIRONMENT_SOURCE;
            if (!fromFile.isEmpty()) {
                LOGGER.info("DNS_SERVERS is set: ignoring the {} server(s) of dnsservice.xml", fromFile.size());
            }
        } else {
            servers = List.copyOf(fromFile);
            serversOrigin = "dnsservice.xml";
        }
        if (servers.isEmpty()) {
            servers = systemServers();
            serversOrigin = "the system's resolver configuration";
        }
        if (servers.isEmpty()) {
            LOGGER.warn("No DNS server given and none found in the system's resolver configuration: using {}", LAST_RESORT);
            servers = List.of(LAST_RESORT);
            serversOrigin = "last resort";
        }

        super.configure(forJames(configuration, autodiscover));
    }

    /**
     * James's configuration with what James cannot read taken out: the servers become bare hosts
     * (James drops the port anyway; its resolver is replaced in {@link #init()}), autodiscovery is
     * turned off (it would put the system's servers in front of ours) and the system search path it
     * would have added is written out explicitly instead.
     */
    private HierarchicalConfiguration<ImmutableNode> forJames(HierarchicalConfiguration<ImmutableNode> configuration,
                                                              boolean autodiscover) {
        BaseHierarchicalConfiguration copy = new BaseHierarchicalConfiguration(configuration);
        List<String> searchPaths = new ArrayList<>();
        if (autodiscover) {
            List<Name> systemSearchPath = ResolverConfig.getCurrentConfig().searchPath();
            if (systemSearchPath != null) {
                systemSearchPath.forEach(name -> searchPaths.add(name.toString()));
            }
        }
        for (String searchPath : configuration.getStringArray("searchpaths.searchpath")) {
            searchPaths.add(searchPath);
        }
        copy.clearTree("servers");
        copy.clearTree("searchpaths");
        copy.clearTree("autodiscover");
        copy.addProperty("autodiscover", false);
        copy.addProperty("servers.server", servers.stream().map(DnsServerAddress::host).collect(Collectors.toList()));
        if (!searchPaths.isEmpty()) {
            copy.addProperty("searchpaths.searchpath", searchPaths);
        }
        return copy;
    }

    private static List<DnsServerAddress> systemServers() {
        List<InetSocketAddress> system = ResolverConfig.getCurrentConfig().servers();
        if (system == null) {
            return List.of();
        }
        return system.stream()
            .map(address -> new DnsServerAddress(address.getAddress() != null
                ? address.getAddress().getHostAddress() : address.getHostString(), address.getPort()))
            .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public void init() throws Exception {
        // James builds its cache, credibility, search path and local host names, and a resolver from
        // the bare host names, which is replaced right after.
        super.init();

        List<Resolver> simpleResolvers = new ArrayList<>();
        for (DnsServerAddress server : servers) {
            simpleResolvers.add(new SimpleResolver(server.toSocketAddress()));
        }
        // the Iterable constructor keeps the order and applies the same timeouts as James's String[] one
        resolver = new ExtendedResolver(simpleResolvers);
        if (setAsDnsJavaDefault) {
            Lookup.setDefaultResolver(resolver);
        }
        LOGGER.info("DNS servers in use (from {}): {}", serversOrigin,
            servers.stream().map(DnsServerAddress::toString).collect(Collectors.joining(", ")));
    }

    /** The servers queried, in order, once configured. */
    public List<DnsServerAddress> effectiveServers() {
        return servers;
    }

    /** The servers queried, as {@code host:port}. */
    @Override
    public String[] getDNSServers() {
        return servers.stream().map(DnsServerAddress::toString).toArray(String[]::new);
    }

    /** The resolver every lookup goes through (for tests and diagnostics). */
    public Resolver resolver() {
        return resolver;
    }
}
