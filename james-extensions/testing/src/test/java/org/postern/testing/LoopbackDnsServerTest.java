package org.postern.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class LoopbackDnsServerTest {

    private LoopbackDnsServer dns;

    @BeforeEach
    void startServer() {
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stopServer() {
        dns.close();
    }

    private SimpleResolver resolver() throws IOException {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        resolver.setPort(dns.port());
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, 1));
    }

    private Message ask(String name, int type) throws IOException {
        return resolver().send(query(name, type));
    }

    @Test
    void bindsLoopbackOnly() {
        assertThat(dns.port()).isPositive();
        assertThat(dns.hostAndPort()).isEqualTo("127.0.0.1:" + dns.port());
        assertThat(dns.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void answersARecordsCaseInsensitively() throws Exception {
        dns.a("mail.example.test", "192.0.2.10").a("Mail.Example.Test.", "192.0.2.11");

        Message response = ask("MAIL.example.TEST", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.ANSWER))
            .map(record -> ((ARecord) record).getAddress().getHostAddress())
            .containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
        assertThat(dns.queryCount("mail.example.test.")).isEqualTo(1);
        assertThat(dns.queryCount("other.example.test")).isZero();
    }

    @Test
    void answersMxRecords() throws Exception {
        dns.mx("example.test", 20, "backup.example.test").mx("example.test", 10, "mx.example.test");

        List<Record> answers = ask("example.test", Type.MX).getSection(Section.ANSWER);

        assertThat(answers).map(record -> (MXRecord) record)
            .extracting(mx -> mx.getPriority() + " " + mx.getTarget())
            .containsExactlyInAnyOrder("10 mx.example.test.", "20 backup.example.test.");
    }

    @Test
    void answersTxtRecordsAndSplitsLongText() throws Exception {
        String longText = "v=spf1 " + "ip4:192.0.2.1 ".repeat(30) + "-all";
        dns.txt("example.test", "hello world").txt("long.example.test", longText);

        TXTRecord hello = (TXTRecord) ask("example.test", Type.TXT).getSection(Section.ANSWER).get(0);
        TXTRecord longOne = (TXTRecord) ask("long.example.test", Type.TXT).getSection(Section.ANSWER).get(0);

        assertThat(hello.getStrings()).containsExactly("hello world");
        assertThat(longOne.getStrings()).hasSizeGreaterThan(1);
        assertThat(String.join("", longOne.getStrings())).isEqualTo(longText);
    }

    @Test
    void answersPtrAndAaaaAndFollowsCname() throws Exception {
        dns.ptr("192.0.2.10", "mail.example.test")
            .aaaa("v6.example.test", "2001:db8::1")
            .cname("www.example.test", "v6.example.test");

        Message ptr = ask("10.2.0.192.in-addr.arpa", Type.PTR);
        Message viaAlias = ask("www.example.test", Type.AAAA);

        assertThat(((PTRRecord) ptr.getSection(Section.ANSWER).get(0)).getTarget())
            .hasToString("mail.example.test.");
        assertThat(viaAlias.getSection(Section.ANSWER)).extracting(Record::getType)
            .containsExactly(Type.CNAME, Type.AAAA);
    }

    @Test
    void unknownNameIsNxdomainAndKnownNameWithoutTheTypeIsNodata() throws Exception {
        dns.a("host.example.test", "192.0.2.1").txt("_dmarc.sub.example.test", "v=DMARC1; p=none");

        Message unknown = ask("nowhere.example.test", Type.A);
        Message noData = ask("host.example.test", Type.MX);
        Message emptyNonTerminal = ask("sub.example.test", Type.A);

        assertThat(unknown.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(noData.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(noData.getSection(Section.ANSWER)).isEmpty();
        assertThat(emptyNonTerminal.getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void servfailAnswersEveryTypeUntilCleared() throws Exception {
        dns.a("broken.example.test", "192.0.2.1").servfail("broken.example.test");

        assertThat(ask("broken.example.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(ask("broken.example.test", Type.MX).getRcode()).isEqualTo(Rcode.SERVFAIL);

        dns.clearFailure("broken.example.test");
        assertThat(ask("broken.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void timeoutNeverAnswers() throws Exception {
        dns.timeout("slow.example.test");
        SimpleResolver resolver = resolver();
        resolver.setTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> resolver.send(query("slow.example.test", Type.A))).isInstanceOf(IOException.class);
        assertThat(dns.queryCount("slow.example.test")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDelayedNameIsAnsweredLate() throws Exception {
        dns.a("late.example.test", "192.0.2.9").delay("late.example.test", Duration.ofMillis(400));

        long start = System.nanoTime();
        Message answer = ask("late.example.test", Type.A);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void removeForgetsTheName() throws Exception {
        dns.a("gone.example.test", "192.0.2.1");
        assertThat(ask("gone.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);

        dns.remove("GONE.example.test.");

        assertThat(ask("gone.example.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void answersOverTcp() throws Exception {
        dns.a("tcp.example.test", "192.0.2.7");
        SimpleResolver resolver = resolver();
        resolver.setTCP(true);

        Message response = resolver.send(query("tcp.example.test", Type.A));

        assertThat(((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
            .isEqualTo("192.0.2.7");
    }

    @Test
    void tcpConnectionCarriesSeveralQueries() throws Exception {
        dns.a("one.example.test", "192.0.2.1").a("two.example.test", "192.0.2.2");

        try (Socket socket = new Socket("127.0.0.1", dns.port())) {
            socket.setSoTimeout(2000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (String name : List.of("one.example.test", "two.example.test", "three.example.test")) {
                byte[] wire = query(name, Type.A).toWire();
                out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
                out.write(wire);
                out.flush();
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                Message response = new Message(answer);
                assertThat(response.getQuestion().getName()).hasToString(name + ".");
            }
        }
        assertThat(dns.totalQueryCount()).isEqualTo(3);
    }

    @Test
    void largeUdpAnswerWithoutEdnsIsTruncatedAndTheResolverRetriesOverTcp() throws Exception {
        for (int i = 1; i <= 40; i++) {
            dns.a("big.example.test", "192.0.2." + i);
        }

        // raw UDP query without EDNS: TC set
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            byte[] wire = query("big.example.test", Type.A).toWire();
            socket.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", dns.port())));
            byte[] buffer = new byte[4096];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            assertThat(packet.getLength()).isLessThanOrEqualTo(512);
            assertThat(new Message(java.util.Arrays.copyOf(buffer, packet.getLength())).getHeader().getFlag(Flags.TC))
                .isTrue();
        }

        // dnsjava without EDNS falls back to TCP on TC and gets everything
        SimpleResolver resolver = resolver();
        resolver.setEDNS(-1);
        assertThat(resolver.send(query("big.example.test", Type.A)).getSection(Section.ANSWER)).hasSize(40);

        // with EDNS (dnsjava's default 1280 bytes) the answer fits in UDP
        Message withEdns = resolver().send(query("big.example.test", Type.A));
        assertThat(withEdns.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(withEdns.getSection(Section.ANSWER)).hasSize(40);
    }

    @Test
    void recordsCanChangeWhileServing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = Stream.generate(() -> pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 50; i++) {
                        if (ask("busy.example.test", Type.A).getRcode() != Rcode.SERVFAIL) {
                            ok++;
                        }
                    }
                    return ok;
                }))
                .limit(4)
                .collect(Collectors.toList());
            for (int i = 0; i < 200; i++) {
                dns.a("busy.example.test", "192.0.2." + (i % 250 + 1));
                if (i % 3 == 0) {
                    dns.remove("busy.example.test");
                }
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(50);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(dns.queryCount("busy.example.test")).isEqualTo(200);
    }

    @Test
    void closeReleasesThePort() throws Exception {
        int port = dns.port();
        dns.close();

        dns = LoopbackDnsServer.start(port);

        assertThat(dns.port()).isEqualTo(port);
        dns.a("again.example.test", "192.0.2.3");
        assertThat(ask("again.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }
}
