package org.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystore is only right if a TLS server built from it completes a handshake with a client that checks the certificate. */
class TlsHandshakeTest {

    private static final String HOSTNAME = "mail.example.test";
    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path temp;

    @Test
    void aClientTrustingTheSelfSignedCertificateCompletesTheHandshake() throws Exception {
        ServerKeystore serverKeystore = ServerKeystore.prepare(temp.resolve("tls"), HOSTNAME, Optional.empty(), Optional.empty());
        X509Certificate selfSigned;
        try (InputStream in = Files.newInputStream(temp.resolve("tls/selfsigned-cert.pem"))) {
            selfSigned = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }

        X509Certificate presented = handshake(serverKeystore, selfSigned);

        assertThat(fingerprint(presented)).isEqualTo(serverKeystore.sha256Fingerprint());
    }

    @Test
    void aClientTrustingOnlyTheCaValidatesTheImportedChain() throws Exception {
        KeyPair caKeys = TestCertificates.rsaKeyPair();
        KeyPair serverKeys = TestCertificates.ecKeyPair();
        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        X509Certificate ca = TestCertificates.certificate("CN=Test CA", caKeys.getPublic(), "CN=Test CA", caKeys.getPrivate(), inAYear);
        X509Certificate leaf = TestCertificates.certificate("CN=" + HOSTNAME, serverKeys.getPublic(), "CN=Test CA", caKeys.getPrivate(),
            inAYear, HOSTNAME);
        Path certificateFile = TestCertificates.write(temp.resolve("fullchain.pem"), TestCertificates.pem(leaf, ca));
        Path keyFile = TestCertificates.write(temp.resolve("privkey.pem"), TestCertificates.sec1(serverKeys));
        ServerKeystore serverKeystore = ServerKeystore.prepare(temp.resolve("tls"), HOSTNAME, Optional.of(certificateFile), Optional.of(keyFile));

        X509Certificate presented = handshake(serverKeystore, ca);

        assertThat(presented).isEqualTo(leaf);
    }

    /** Serves one TLS connection on 127.0.0.1 with the keystore; returns the certificate the client accepted. */
    private static X509Certificate handshake(ServerKeystore serverKeystore, X509Certificate trusted) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(ServerKeystoreTest.load(serverKeystore), serverKeystore.password().toCharArray());
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(keyManagers.getKeyManagers(), null, null);

            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("trusted", trusted);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustStore);
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, trustManagers.getTrustManagers(), null);

            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            ExecutorService serverThread = Executors.newSingleThreadExecutor();
            try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
                server.setSoTimeout(TIMEOUT_MILLIS);
                Future<?> served = serverThread.submit(() -> {
                    try (SSLSocket connection = (SSLSocket) server.accept()) {
                        connection.setSoTimeout(TIMEOUT_MILLIS);
                        connection.startHandshake();
                        connection.getOutputStream().write('+');
                        connection.getOutputStream().flush();
                        return connection.getInputStream().read();
                    }
                });

                try (Socket plain = new Socket()) {
                    plain.connect(new InetSocketAddress(loopback, server.getLocalPort()), TIMEOUT_MILLIS);
                    plain.setSoTimeout(TIMEOUT_MILLIS);
                    X509Certificate presented;
                    // Layered with the hostname, so SNI is sent and the name check applies to HOSTNAME, not to 127.0.0.1.
                    try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket(plain, HOSTNAME, server.getLocalPort(), true)) {
                        SSLParameters parameters = client.getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                        client.setSSLParameters(parameters);
                        client.startHandshake();
                        assertThat(client.getInputStream().read()).isEqualTo('+');
                        client.getOutputStream().write('.');
                        client.getOutputStream().flush();
                        presented = (X509Certificate) client.getSession().getPeerCertificates()[0];
                    }
                    // Only once the client is closed: closing a TLS socket waits for the peer's close_notify.
                    assertThat(served.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo((int) '.');
                    return presented;
                }
            } finally {
                serverThread.shutdownNow();
            }
        });
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
