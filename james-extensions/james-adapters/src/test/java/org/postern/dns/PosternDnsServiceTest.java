package org.postern.dns;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;
import org.postern.testing.LoopbackDnsServer;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class PosternDnsServiceTest {

    private LoopbackDnsServer dns;

    @BeforeEach
    void startDns() {
        System.clearProperty(PosternDnsService.SERVERS_PROPERTY);
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stopDns() {
        System.clearProperty(PosternDnsService.SERVERS_PROPERTY);
        dns.close();
    }

    /** dnsservice.xml as a tree: the given servers, no autodiscovery, dnsjava's static defaults left alone. */
    private static BaseHierarchicalConfiguration configuration(String... servers) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        if (servers.length > 0) {
            configuration.addProperty("servers.server", List.of(servers));
        }
        configuration.addProperty("autodiscover", false);
        configuration.addProperty("authoritative", false);
        configuration.addProperty("maxcachesize", 50000);
        configuration.addProperty("setAsDNSJavaDefault", false);
        return configuration;
    }

    private static PosternDnsService started(BaseHierarchicalConfiguration configuration) throws Exception {
        PosternDnsService service = new PosternDnsService(new RecordingMetricFactory());
        service.configure(configuration);
        service.init();
        return service;
    }

    private PosternDnsService startedOnLoopback() throws Exception {
        return started(configuration(dns.hostAndPort()));
    }

    @Test
    void queriesTheServerOnItsPort() throws Exception {
        PosternDnsService service = startedOnLoopback();

        assertThat(service.effectiveServers()).containsExactly(new DnsServerAddress("127.0.0.1", dns.port()));
        assertThat(service.getDNSServers()).containsExactly("127.0.0.1:" + dns.port());
        assertThat(service.resolver()).isInstanceOf(ExtendedResolver.class);
        assertThat(((ExtendedResolver) service.resolver()).getResolvers())
            .extracting(resolver -> ((SimpleResolver) resolver).getAddress().getPort())
            .containsExactly(dns.port());
    }

    @Test
    void findsMxRecordsOrderedByPreference() throws Exception {
        dns.mx("example.test", 30, "c.example.test")
            .mx("example.test", 10, "a.example.test")
            .mx("example.test", 20, "b.example.test");
        PosternDnsService service = startedOnLoopback();

        assertThat(service.findMXRecords("example.test"))
            .containsExactly("a.example.test.", "b.example.test.", "c.example.test.");
        assertThat(dns.queryCount("example.test")).isPositive();
    }

    @Test
    void fallsBackToTheDomainItselfWhenItHasAnAddressButNoMx() throws Exception {
        dns.a("implicit.example.test", "192.0.2.25");
        PosternDnsService service = startedOnLoopback();

        assertThat(service.findMXRecords("implicit.example.test")).containsExactly("implicit.example.test");
    }

    @Test
    void resolvesAddresses() throws Exception {
        dns.a("host.example.test", "192.0.2.10").a("multi.example.test", "192.0.2.11").a("multi.example.test", "192.0.2.12");
        PosternDnsService service = startedOnLoopback();

        assertThat(service.getByName("host.example.test").getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(service.getAllByName("multi.example.test"))
            .extracting(InetAddress::getHostAddress)
            .containsExactlyInAnyOrder("192.0.2.11", "192.0.2.12");
        // IP literals need no query
        assertThat(service.getByName("192.0.2.99").getHostAddress()).isEqualTo("192.0.2.99");
    }

    @Test
    void findsTxtRecordsAsJamesFormatsThem() throws Exception {
        dns.txt("example.test", "v=spf1 ip4:192.0.2.0/24 -all");
        PosternDnsService service = startedOnLoopback();

        // DNSJavaService returns TXTRecord.rdataToString(): the character-strings in double quotes
        assertThat(service.findTXTRecords("example.test")).containsExactly("\"v=spf1 ip4:192.0.2.0/24 -all\"");
    }

    @Test
    void resolvesPtrRecords() throws Exception {
        dns.ptr("192.0.2.10", "mail.example.test");
        PosternDnsService service = startedOnLoopback();

        assertThat(service.getHostName(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 10})))
            .isEqualTo("mail.example.test.");
        // no PTR: James answers the address itself
        assertThat(service.getHostName(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 11})))
            .isEqualTo("192.0.2.11");
    }

    @Test
    void nxdomainIsEmptyOrUnknownHost() throws Exception {
        PosternDnsService service = startedOnLoopback();

        assertThat(service.findMXRecords("nowhere.example.test")).isEmpty();
        assertThat(service.findTXTRecords("nowhere.example.test")).isEmpty();
        assertThatThrownBy(() -> service.getByName("nowhere.example.test")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> service.getAllByName("nowhere.example.test")).isInstanceOf(UnknownHostException.class);
        assertThat(dns.queryCount("nowhere.example.test")).isPositive();
    }

    @Test
    void servfailOnMxIsATemporaryFailureNotNxdomain() throws Exception {
        dns.mx("broken.example.test", 10, "mx.example.test").servfail("broken.example.test");
        PosternDnsService service = startedOnLoopback();

        assertThatThrownBy(() -> service.findMXRecords("broken.example.test"))
            .isInstanceOf(TemporaryResolutionException.class);
    }

    @Test
    void timeoutOnMxIsATemporaryFailureNotNxdomain() throws Exception {
        dns.timeout("slow.example.test");
        PosternDnsService service = startedOnLoopback();
        // dnsjava's 10 s per query is kept in production; shortened here only to keep the test fast
        ((ExtendedResolver) service.resolver()).setTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> service.findMXRecords("slow.example.test."))
            .isInstanceOf(TemporaryResolutionException.class);
        assertThat(dns.queryCount("slow.example.test")).isPositive();
    }

    @Test
    void systemPropertyReplacesTheFileServers() throws Exception {
        dns.a("host.example.test", "192.0.2.10");
        System.setProperty(PosternDnsService.SERVERS_PROPERTY, " " + dns.hostAndPort() + " ");

        // 192.0.2.1 (TEST-NET-1) never answers: the lookup only succeeds if the property won
        PosternDnsService service = started(configuration("192.0.2.1:53"));

        assertThat(service.effectiveServers()).containsExactly(new DnsServerAddress("127.0.0.1", dns.port()));
        assertThat(service.getByName("host.example.test").getHostAddress()).isEqualTo("192.0.2.10");
    }

    @Test
    void blankSystemPropertyKeepsTheFileServers() throws Exception {
        System.setProperty(PosternDnsService.SERVERS_PROPERTY, "   ");

        PosternDnsService service = started(configuration("192.0.2.1:5300", "[::1]"));

        assertThat(service.getDNSServers()).containsExactly("192.0.2.1:5300", "[::1]:53");
    }

    @Test
    void badSystemPropertyIsRefusedWithItsName() {
        System.setProperty(PosternDnsService.SERVERS_PROPERTY, dns.hostAndPort() + ",foo:bar");
        PosternDnsService service = new PosternDnsService(new RecordingMetricFactory());

        assertThatThrownBy(() -> service.configure(configuration()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("DNS_SERVERS: 'foo:bar' is not host[:port] (port must be 1-65535)");
    }

    @Test
    void badFileEntryIsRefusedWithTheFileName() {
        PosternDnsService service = new PosternDnsService(new RecordingMetricFactory());

        assertThatThrownBy(() -> service.configure(configuration("127.0.0.1:0")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("dnsservice.xml <servers><server>: '127.0.0.1:0' is not host[:port] (port must be 1-65535)");
    }

    @Test
    void withoutAnyServerFallsBackToTheSystemResolvers() throws Exception {
        PosternDnsService service = started(configuration());

        List<DnsServerAddress> system = ResolverConfig.getCurrentConfig().servers().stream()
            .map(address -> new DnsServerAddress(address.getAddress().getHostAddress(), address.getPort()))
            .collect(Collectors.toList());
        if (system.isEmpty()) {
            assertThat(service.effectiveServers()).containsExactly(DnsServerAddress.of("127.0.0.1"));
        } else {
            assertThat(service.effectiveServers()).containsExactlyElementsOf(system);
        }
    }

    @Test
    void registersItsResolverAsDnsJavaDefaultWhenAsked() throws Exception {
        dns.a("static.example.test", "192.0.2.44");
        BaseHierarchicalConfiguration configuration = configuration(dns.hostAndPort());
        configuration.setProperty("setAsDNSJavaDefault", true);
        try {
            PosternDnsService service = started(configuration);

            assertThat(Lookup.getDefaultResolver()).isSameAs(service.resolver());
            Record[] answers = new Lookup("static.example.test.", Type.A).run();
            assertThat(Arrays.stream(answers).map(Record::rdataToString)).containsExactly("192.0.2.44");
        } finally {
            Lookup.refreshDefault();
        }
    }

    @Test
    void givenServersAreTheOnlyOnesEvenWithAutodiscovery() throws Exception {
        BaseHierarchicalConfiguration configuration = configuration(dns.hostAndPort());
        configuration.setProperty("autodiscover", true);

        PosternDnsService service = started(configuration);

        assertThat(service.getDNSServers()).containsExactly(dns.hostAndPort());
    }

    @Test
    void keepsJamesSearchPaths() throws Exception {
        BaseHierarchicalConfiguration configuration = configuration(dns.hostAndPort());
        configuration.addProperty("searchpaths.searchpath", List.of("corp.example.test"));

        PosternDnsService service = started(configuration);

        assertThat(service.getSearchPaths()).extracting(Object::toString).containsExactly("corp.example.test");

        configuration.setProperty("autodiscover", true);
        PosternDnsService discovering = started(configuration);
        List<String> expected = ResolverConfig.getCurrentConfig().searchPath().stream()
            .map(Object::toString).collect(Collectors.toList());
        expected.add("corp.example.test");
        assertThat(discovering.getSearchPaths()).extracting(Object::toString).containsExactlyElementsOf(expected);
    }
}
