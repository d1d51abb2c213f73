package org.postern.policy.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.policy.dns.DnsAnswer;
import org.postern.policy.dns.MailExchanger;
import org.postern.testing.LoopbackDnsServer;
import org.postern.testing.SettableClock;
import org.xbill.DNS.SimpleResolver;

class ResolverDnsLookupsTest {
    private LoopbackDnsServer dns;
    private SettableClock clock;
    private ResolverDnsLookups lookups;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start()
            .a("host.test", "192.0.2.1")
            .aaaa("host.test", "2001:db8::1")
            .mx("mail.test", 10, "mx.mail.test")
            .a("mx.mail.test", "192.0.2.2")
            .txt("2.0.0.127.zone.test", "Listed")
            .servfail("broken.test");
        SimpleResolver resolver = new SimpleResolver(dns.address());
        resolver.setTimeout(Duration.ofSeconds(2));
        clock = new SettableClock();
        lookups = new ResolverDnsLookups(() -> resolver, clock);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void addressesOfBothFamiliesAreFound() throws Exception {
        assertThat(lookups.addresses("host.test")).isEqualTo(DnsAnswer.found(List.of(
            InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1"))));
    }

    @Test
    void mailExchangersAndTextsAreFound() {
        assertThat(lookups.mailExchangers("mail.test")).isEqualTo(DnsAnswer.found(List.of(new MailExchanger(10, "mx.mail.test"))));
        assertThat(lookups.texts("2.0.0.127.zone.test")).isEqualTo(DnsAnswer.found(List.of("Listed")));
    }

    @Test
    void nxdomainAndNodataAreNotFound() {
        assertThat(lookups.addresses("nowhere.test")).isEqualTo(DnsAnswer.notFound());
        assertThat(lookups.mailExchangers("host.test")).isEqualTo(DnsAnswer.notFound());
    }

    @Test
    void servfailIsATemporaryFailureAndIsNotKept() {
        assertThat(lookups.addresses("broken.test").isTemporaryFailure()).isTrue();

        dns.clearFailure("broken.test").a("broken.test", "192.0.2.9");

        assertThat(lookups.addresses("broken.test").isFound()).isTrue();
    }

    @Test
    void answersAreKeptForAWhile() {
        lookups.texts("2.0.0.127.zone.test");
        lookups.texts("2.0.0.127.zone.test");
        assertThat(dns.queryCount("2.0.0.127.zone.test")).isEqualTo(1);

        clock.advance(ResolverDnsLookups.TIME_TO_KEEP.plusSeconds(1));
        lookups.texts("2.0.0.127.zone.test");

        assertThat(dns.queryCount("2.0.0.127.zone.test")).isEqualTo(2);
    }
}
