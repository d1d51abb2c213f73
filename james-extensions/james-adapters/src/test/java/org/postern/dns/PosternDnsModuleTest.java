package org.postern.dns;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.modules.server.DNSServiceModule;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.utils.InitializationOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackDnsServer;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;

class PosternDnsModuleTest {

    private LoopbackDnsServer dns;

    @BeforeEach
    void startDns() {
        System.clearProperty(PosternDnsService.SERVERS_PROPERTY);
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private Injector injector() {
        BaseHierarchicalConfiguration dnsservice = new BaseHierarchicalConfiguration();
        dnsservice.addProperty("servers.server", List.of(dns.hostAndPort()));
        dnsservice.addProperty("autodiscover", false);
        dnsservice.addProperty("setAsDNSJavaDefault", false);
        ConfigurationProvider configurationProvider = (component, loggingLevel) -> {
            if (!component.equals("dnsservice")) {
                throw new IllegalArgumentException("unexpected configuration " + component);
            }
            return dnsservice;
        };
        return Guice.createInjector(
            Modules.override(new DNSServiceModule()).with(new PosternDnsModule()),
            binder -> {
                binder.bind(MetricFactory.class).toInstance(new RecordingMetricFactory());
                binder.bind(ConfigurationProvider.class).toInstance(configurationProvider);
            });
    }

    @Test
    void dnsServiceIsThePosternSingleton() {
        Injector injector = injector();

        DNSService dnsService = injector.getInstance(DNSService.class);

        assertThat(dnsService).isInstanceOf(PosternDnsService.class)
            .isSameAs(injector.getInstance(DNSJavaService.class))
            .isSameAs(injector.getInstance(PosternDnsService.class));
    }

    @Test
    void jamesInitializationOperationConfiguresOurService() throws Exception {
        dns.a("host.example.test", "192.0.2.10");
        Injector injector = injector();

        Set<InitializationOperation> operations = injector.getInstance(Key.get(new TypeLiteral<Set<InitializationOperation>>() { }));
        for (InitializationOperation operation : operations) {
            operation.initModule();
        }

        DNSService dnsService = injector.getInstance(DNSService.class);
        assertThat(((PosternDnsService) dnsService).getDNSServers()).containsExactly(dns.hostAndPort());
        assertThat(dnsService.getByName("host.example.test").getHostAddress()).isEqualTo("192.0.2.10");
    }
}
