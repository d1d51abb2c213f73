package org.postern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the generator against {@link FakeMailServer}. Correctness only: no timing figure is asserted beyond
 * "latencies were measured" and "delivery was awaited".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SmtpLoadGeneratorTest {

    private FakeMailServer server;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        server = new FakeMailServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private LoadReport run(String... args) throws Exception {
        LoadReport report = new SmtpLoadGenerator(LoadOptions.parse(args), out).run();
        report.print(out);
        return report;
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendsEveryMessageOverKeptOpenConnectionsAndVerifiesDelivery() throws Exception {
        server.inbox.computeIfAbsent("u1@bench.test", u -> new java.util.concurrent.atomic.AtomicInteger()).set(7);
        server.deliveryDelayMillis = 400;

        LoadReport report = run("--smtp", server.smtpAddress(), "--messages", "300", "--size", "5120",
            "--connections", "4", "--warmup", "20", "--from", "loadgen@bench.test",
            "--to", "u1@bench.test,u2@bench.test,u3@bench.test",
            "--imap", server.imapAddress(), "--password", "secret", "--verify-timeout", "30");

        assertThat(report.failures).as(printed()).isZero();
        assertThat(report.measuredAccepted).isEqualTo(300);
        assertThat(report.warmupAccepted).isEqualTo(20);
        assertThat(server.protocolErrors).isEmpty();

        // the connections stay open: one TCP connection and one EHLO per thread, no RSET between transactions
        assertThat(report.connectionsOpened).isEqualTo(4);
        assertThat(server.smtpConnections.get()).isEqualTo(4);
        assertThat(server.ehloCommands.get()).isEqualTo(4);
        assertThat(server.rsetCommands.get()).isZero();
        assertThat(server.received.stream().map(FakeMailServer.Received::connection).distinct().count()).isEqualTo(4);

        // the right number of messages, each about --size bytes, each with its own Message-ID
        List<FakeMailServer.Received> received = new ArrayList<>(server.received);
        assertThat(received).hasSize(320);
        assertThat(received).allSatisfy(m -> {
            assertThat(m.data().length).isBetween(5119, 5120);
            assertThat(m.from()).isEqualTo("loadgen@bench.test");
            assertThat(m.messageId()).isNotNull();
        });
        Set<String> ids = received.stream().map(FakeMailServer.Received::messageId).collect(Collectors.toSet());
        assertThat(ids).hasSize(320);

        // recipients round-robin
        Map<String, Long> perRecipient = received.stream()
            .collect(Collectors.groupingBy(FakeMailServer.Received::recipient, Collectors.counting()));
        assertThat(perRecipient).containsEntry("u1@bench.test", 107L)
            .containsEntry("u2@bench.test", 107L)
            .containsEntry("u3@bench.test", 106L);

        // latencies are measured for every measured message and ordered
        assertThat(report.latenciesNanos).hasSize(300);
        assertThat(report.latenciesNanos[0]).isPositive();
        assertThat(report.percentileMillis(50)).isPositive()
            .isLessThanOrEqualTo(report.percentileMillis(90));
        assertThat(report.percentileMillis(90)).isLessThanOrEqualTo(report.percentileMillis(99));
        assertThat(report.percentileMillis(99)).isLessThanOrEqualTo(report.maxMillis());
        assertThat(report.elapsedNanos).isPositive();
        assertThat(report.messagesPerSecond()).isPositive();
        assertThat(report.averageMessageBytes()).isBetween(5119.0, 5120.0);

        // delivery verification counted from the counts read first (u1 had 7 already), and waited for the delay
        assertThat(report.verificationError).isNull();
        assertThat(report.fullyDelivered).isTrue();
        assertThat(report.expectedDeliveries).isEqualTo(320);
        assertThat(report.delivered).isEqualTo(320);
        assertThat(server.inboxCount("u1@bench.test")).isEqualTo(7 + 107);
        assertThat(report.timeToFullDeliveryNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(report.exitCode()).isZero();

        assertThat(printed())
            .contains("accepted          : 300 of 300 measured (warmup: 20 of 20)")
            .contains("delivered 320 of 320")
            .contains("RESULT: OK")
            .containsPattern("SUMMARY connections=4 size=5120 messages=300 accepted=300 failures=0 elapsed_s=\\S+ "
                + "msgs_per_s=\\S+ p50_ms=\\S+ p90_ms=\\S+ p99_ms=\\S+ max_ms=\\S+ delivered=320 expected=320 "
                + "delivery_s=\\S+ result=OK");
    }

    @Test
    void verifiesOverImplicitTls(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSignedServerContext(dir);
        try (FakeMailServer tlsServer = new FakeMailServer(tls)) {
            LoadReport report = run("--smtp", tlsServer.smtpAddress(), "--messages", "40", "--connections", "2",
                "--warmup", "4", "--imap", tlsServer.imapAddress(), "--imap-tls", "--password", "secret");

            assertThat(report.exitCode()).as(printed()).isZero();
            assertThat(report.fullyDelivered).isTrue();
            assertThat(report.delivered).isEqualTo(44);
            assertThat(tlsServer.imapLogins.get()).isGreaterThanOrEqualTo(8); // 4 before + at least 4 after
        }
    }

    /** A PKCS12 key store made by the JDK's keytool, for the IMAPS stand-in. */
    private static SSLContext selfSignedServerContext(Path dir) throws Exception {
        Path store = dir.resolve("imaps.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize", "2048",
            "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
            "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Test
    void aNewConnectionForEachMessageWhenAsked() throws Exception {
        LoadReport report = run("--smtp", server.smtpAddress(), "--messages", "60", "--connections", "3",
            "--warmup", "6", "--connection-per-message", "--to", "solo@bench.test");

        assertThat(report.exitCode()).as(printed()).isZero();
        assertThat(report.measuredAccepted).isEqualTo(60);
        assertThat(report.connectionsOpened).isEqualTo(66);
        assertThat(server.smtpConnections.get()).isEqualTo(66);
        assertThat(server.ehloCommands.get()).isEqualTo(66);
        assertThat(server.received.stream().map(FakeMailServer.Received::connection).distinct().count()).isEqualTo(66);
        assertThat(server.protocolErrors).isEmpty();
    }

    @Test
    void singleConnectionWithoutWarmupOrVerification() throws Exception {
        LoadReport report = run("--smtp", server.smtpAddress(), "--messages", "50", "--size", "20000",
            "--connections", "1", "--warmup", "0", "--to", "solo@bench.test");

        assertThat(report.exitCode()).isZero();
        assertThat(report.measuredAccepted).isEqualTo(50);
        assertThat(server.smtpConnections.get()).isEqualTo(1);
        assertThat(server.received).hasSize(50)
            .allSatisfy(m -> assertThat(m.data().length).isBetween(19999, 20000));
        assertThat(printed()).contains("not verified (no --imap)");
    }

    @Test
    void refusedMessagesAreCountedReportedAndFailTheRun() throws Exception {
        server.rejectedRecipients.add("nobody@bench.test");

        LoadReport report = run("--smtp", server.smtpAddress(), "--messages", "30", "--connections", "2",
            "--warmup", "0", "--to", "u1@bench.test,nobody@bench.test",
            "--imap", server.imapAddress(), "--password", "secret", "--verify-timeout", "10");

        assertThat(report.measuredAccepted).isEqualTo(15);
        assertThat(report.failures).isEqualTo(15);
        assertThat(report.firstFailures).hasSize(5)
            .allSatisfy(f -> assertThat(f).contains("RCPT TO -> 550 5.1.1"));
        assertThat(report.latenciesNanos).hasSize(15);
        // a refusal resets the transaction but keeps the connection
        assertThat(server.smtpConnections.get()).isEqualTo(2);
        assertThat(server.rsetCommands.get()).isEqualTo(15);
        assertThat(server.protocolErrors).isEmpty();
        // only accepted messages are expected in the INBOXes
        assertThat(report.fullyDelivered).isTrue();
        assertThat(report.expectedDeliveries).isEqualTo(15);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(printed()).contains("failures          : 15").contains("(10 more)").contains("RESULT: FAILED");
    }

    @Test
    void verificationFailsWhenMailNeverArrives() throws Exception {
        server.deliver = false;

        LoadReport report = run("--smtp", server.smtpAddress(), "--messages", "20", "--connections", "2",
            "--warmup", "5", "--to", "u1@bench.test,u2@bench.test",
            "--imap", server.imapAddress(), "--password", "secret", "--verify-timeout", "1");

        assertThat(report.failures).isZero();
        assertThat(report.fullyDelivered).isFalse();
        assertThat(report.delivered).isZero();
        assertThat(report.expectedDeliveries).isEqualTo(25);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(printed()).contains("INCOMPLETE: delivered 0 of 25").contains("RESULT: FAILED");
    }

    @Test
    void wrongImapPasswordStillSendsButFailsVerification() throws Exception {
        LoadReport report = run("--smtp", server.smtpAddress(), "--messages", "10", "--connections", "1",
            "--warmup", "0", "--imap", server.imapAddress(), "--password", "wrong");

        assertThat(report.measuredAccepted).isEqualTo(10);
        assertThat(report.verificationError).contains("LOGIN").contains("AUTHENTICATIONFAILED");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(printed()).contains("NOT VERIFIED");
    }

    @Test
    void unreachableServerFailsEveryMessageQuickly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        LoadReport report = run("--smtp", "127.0.0.1:" + closedPort, "--messages", "10", "--connections", "2",
            "--warmup", "2", "--io-timeout", "5");

        assertThat(report.accepted()).isZero();
        assertThat(report.failures).isEqualTo(12);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(printed()).contains("ConnectException").contains("latency (ms)      : p50 n/a");
    }

    @Test
    void linesStartingWithADotAreStuffed() throws Exception {
        byte[] message = ("Subject: dots\r\n\r\n.leading dot\r\n..two\r\nmiddle . dot\r\n.\r\nlast").getBytes(StandardCharsets.US_ASCII);
        String[] hp = server.smtpAddress().split(":");
        try (SmtpClient client = new SmtpClient(hp[0], Integer.parseInt(hp[1]), 5000)) {
            client.ehlo("localhost");
            assertThat(client.send("a@b.test", "c@d.test", message)).isNull();
            client.quit();
        }
        assertThat(new String(server.received.get(0).data(), StandardCharsets.US_ASCII))
            .isEqualTo("Subject: dots\r\n\r\n.leading dot\r\n..two\r\nmiddle . dot\r\n.\r\nlast\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 200, 420, 421, 422, 1000, 5120, 5121, 65536, 1_000_000})
    void messagesHaveTheRequestedSizeAndRealisticLines(int size) {
        MessageFactory factory = new MessageFactory(size, "loadgen@bench.test", "run1");
        Set<String> distinctBodies = new HashSet<>();
        for (int seq : new int[] {0, 1, 99, 12345}) {
            byte[] msg = factory.build(seq, "u1@bench.test", "measure");
            String text = new String(msg, StandardCharsets.US_ASCII);
            int headerEnd = text.indexOf("\r\n\r\n") + 4;
            assertThat(headerEnd).isGreaterThan(4);
            if (size > headerEnd + 1) {
                assertThat(msg.length).isBetween(size - 1, size);
            } else {
                assertThat(msg.length).isEqualTo(headerEnd); // too small for a body: headers only
            }
            assertThat(text).endsWith("\r\n").contains("Message-ID: <bench.run1." + seq + "@postern-bench.invalid>");
            String body = text.substring(headerEnd);
            distinctBodies.add(body);
            String[] lines = body.split("\r\n", -1);
            for (int i = 0; i < lines.length - 1; i++) {
                assertThat(lines[i]).doesNotStartWith(".").doesNotContain("\r").doesNotContain("\n");
                if (i < lines.length - 2) {
                    assertThat(lines[i]).hasSize(MessageFactory.LINE_LENGTH).matches("[A-Za-z .]+");
                } else {
                    assertThat(lines[i].length()).isLessThanOrEqualTo(MessageFactory.LINE_LENGTH);
                }
            }
        }
        if (size > 5000) {
            assertThat(distinctBodies).hasSizeGreaterThan(1);
        }
    }

    @Test
    void commandLineIsValidated() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[][] bad = {
            {"--messages", "abc"},
            {"--messages", "0"},
            {"--smtp", "nohost"},
            {"--smtp", "host:99999"},
            {"--connections"},
            {"--bogus", "1"},
            {"positional"},
            {"--imap", "127.0.0.1:143"},
            {"--password", "x"},
            {"--to", "not-an-address"},
            {"--to", ","},
        };
        for (String[] args : bad) {
            assertThat(SmtpLoadGenerator.runMain(args, out, errStream)).as(String.join(" ", args)).isEqualTo(2);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar postern-bench.jar");

        assertThat(SmtpLoadGenerator.runMain(new String[] {"--help"}, out, errStream)).isZero();
    }

    @Test
    void defaultsAndEqualsSyntax() throws Exception {
        LoadOptions d = LoadOptions.parse();
        assertThat(d.smtpHost).isEqualTo("127.0.0.1");
        assertThat(d.smtpPort).isEqualTo(25);
        assertThat(d.messages).isEqualTo(2000);
        assertThat(d.size).isEqualTo(5120);
        assertThat(d.connections).isEqualTo(4);
        assertThat(d.warmup).isEqualTo(100);
        assertThat(d.verifyTimeoutSeconds).isEqualTo(120);
        assertThat(d.verify()).isFalse();

        LoadOptions o = LoadOptions.parse("--smtp=localhost:2525", "--to", "a@x.test, b@x.test", "--imap", "[::1]:143",
            "--password", "p w", "--imap-tls");
        assertThat(o.smtpHost).isEqualTo("localhost");
        assertThat(o.smtpPort).isEqualTo(2525);
        assertThat(o.to).containsExactly("a@x.test", "b@x.test");
        assertThat(o.imapHost).isEqualTo("::1");
        assertThat(o.password).isEqualTo("p w");
        assertThat(o.imapTls).isTrue();
    }
}
