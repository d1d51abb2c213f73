package org.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;

class ServerKeystoreTest {

    private static final String HOSTNAME = "mail.example.test";

    @TempDir
    Path temp;

    private Path tlsDirectory() {
        return temp.resolve("var/tls");
    }

    private ServerKeystore selfSigned(String hostname) {
        return ServerKeystore.prepare(tlsDirectory(), hostname, Optional.empty(), Optional.empty());
    }

    private ServerKeystore fromPem(Path certificateFile, Path keyFile) {
        return ServerKeystore.prepare(tlsDirectory(), HOSTNAME, Optional.of(certificateFile), Optional.of(keyFile));
    }

    static KeyStore load(ServerKeystore serverKeystore) throws Exception {
        KeyStore keyStore = KeyStore.getInstance(serverKeystore.type());
        try (InputStream in = Files.newInputStream(serverKeystore.keystore())) {
            keyStore.load(in, serverKeystore.password().toCharArray());
        }
        return keyStore;
    }

    private static List<Certificate> chain(ServerKeystore serverKeystore) throws Exception {
        KeyStore keyStore = load(serverKeystore);
        assertThat(keyStore.isKeyEntry(ServerKeystore.KEY_ALIAS)).isTrue();
        assertThat(keyStore.getKey(ServerKeystore.KEY_ALIAS, serverKeystore.password().toCharArray())).isNotNull();
        return List.of(keyStore.getCertificateChain(ServerKeystore.KEY_ALIAS));
    }

    @Nested
    class SelfSigned {

        @Test
        void isGeneratedAtFirstStartForTheHostname() throws Exception {
            ServerKeystore serverKeystore = selfSigned(HOSTNAME);

            assertThat(serverKeystore.type()).isEqualTo("PKCS12");
            assertThat(serverKeystore.source()).isEqualTo("self-signed");
            assertThat(serverKeystore.keystore()).isEqualTo(tlsDirectory().resolve("keystore.p12").toAbsolutePath());
            assertThat(serverKeystore.keystoreUrl()).startsWith("file:///").endsWith("/var/tls/keystore.p12");
            assertThat(Files.readString(tlsDirectory().resolve("keystore.password"))).isEqualTo(serverKeystore.password());
            assertThat(tlsDirectory().resolve("selfsigned-cert.pem")).exists();
            assertThat(tlsDirectory().resolve("selfsigned-key.pem")).exists();

            List<Certificate> chain = chain(serverKeystore);
            assertThat(chain).hasSize(1);
            X509Certificate certificate = (X509Certificate) chain.get(0);
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + HOSTNAME);
            assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, HOSTNAME));
            assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
            assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
            assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(certificate.getKeyUsage()[2]).as("keyEncipherment").isTrue();
            assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
            assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(825));
            assertThat(serverKeystore.subject()).isEqualTo("CN=" + HOSTNAME);
            assertThat(serverKeystore.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
            assertThat(serverKeystore.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            assertThat(serverKeystore.describe()).contains("self-signed", "CN=" + HOSTNAME, serverKeystore.sha256Fingerprint())
                .doesNotContain(serverKeystore.password());
            assertThat(serverKeystore.toString()).doesNotContain(serverKeystore.password());
        }

        @Test
        void isReusedAtLaterStartsWithAFreshKeystorePassword() {
            ServerKeystore first = selfSigned(HOSTNAME);
            ServerKeystore second = selfSigned(HOSTNAME);

            assertThat(second.sha256Fingerprint()).isEqualTo(first.sha256Fingerprint());
            assertThat(second.password()).isNotEqualTo(first.password());
        }

        @Test
        void isRegeneratedForAnotherHostname() throws Exception {
            ServerKeystore first = selfSigned(HOSTNAME);
            ServerKeystore second = selfSigned("MX.Example.Test.");

            assertThat(second.sha256Fingerprint()).isNotEqualTo(first.sha256Fingerprint());
            assertThat(second.subject()).isEqualTo("CN=mx.example.test");
            assertThat(((X509Certificate) chain(second).get(0)).getSubjectAlternativeNames()).containsExactly(List.of(2, "mx.example.test"));
        }

        @Test
        void isRegeneratedWhenItExpiresWithin30Days() throws Exception {
            CertifiedKey old = SelfSignedCertificate.generate(HOSTNAME, Instant.now().minus(Duration.ofDays(800)));
            Files.createDirectories(tlsDirectory());
            PemFiles.writePrivateKey(tlsDirectory().resolve("selfsigned-key.pem"), old.privateKey());
            PemFiles.writeCertificate(tlsDirectory().resolve("selfsigned-cert.pem"), old.leaf());

            ServerKeystore serverKeystore = selfSigned(HOSTNAME);

            assertThat(serverKeystore.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(800)));
        }

        @Test
        void isRegeneratedWhenItsFilesAreDamaged() throws Exception {
            ServerKeystore first = selfSigned(HOSTNAME);
            Files.writeString(tlsDirectory().resolve("selfsigned-cert.pem"), "garbage");

            ServerKeystore second = selfSigned(HOSTNAME);

            assertThat(second.sha256Fingerprint()).isNotEqualTo(first.sha256Fingerprint());
            assertThat(chain(second)).hasSize(1);
        }

        @Test
        void secretsAreReadableByTheOwnerOnly() throws Exception {
            assumeThat(temp.getFileSystem().supportedFileAttributeViews()).contains("posix");
            selfSigned(HOSTNAME);

            for (String file : List.of("keystore.p12", "keystore.password", "selfsigned-key.pem", "selfsigned-cert.pem")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDirectory().resolve(file))))
                    .as(file).isEqualTo("rw-------");
            }
            try (var files = Files.list(tlsDirectory())) {
                assertThat(files.map(path -> path.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder("keystore.p12", "keystore.password", "selfsigned-key.pem", "selfsigned-cert.pem");
            }
        }
    }

    @Nested
    class PemImport {

        @Test
        void readsAPkcs8RsaKey() throws Exception {
            KeyPair keyPair = TestCertificates.rsaKeyPair();
            X509Certificate certificate = TestCertificates.selfSigned(keyPair, HOSTNAME);
            String key = TestCertificates.pkcs8(keyPair.getPrivate());
            assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");

            ServerKeystore serverKeystore = fromPem(
                TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(certificate)),
                TestCertificates.write(temp.resolve("key.pem"), key));

            assertThat(serverKeystore.source()).isEqualTo("PEM files");
            assertThat(serverKeystore.subject()).isEqualTo("CN=" + HOSTNAME);
            assertThat(chain(serverKeystore)).containsExactly(certificate);
            assertThat(load(serverKeystore).getKey(ServerKeystore.KEY_ALIAS, serverKeystore.password().toCharArray()))
                .isEqualTo(keyPair.getPrivate());
        }

        @Test
        void readsAPkcs1RsaKey() throws Exception {
            KeyPair keyPair = TestCertificates.rsaKeyPair();
            X509Certificate certificate = TestCertificates.selfSigned(keyPair, HOSTNAME);
            String key = TestCertificates.pem(keyPair.getPrivate());
            assertThat(key).startsWith("-----BEGIN RSA PRIVATE KEY-----");

            ServerKeystore serverKeystore = fromPem(
                TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(certificate)),
                TestCertificates.write(temp.resolve("key.pem"), key));

            assertThat(chain(serverKeystore)).containsExactly(certificate);
        }

        @Test
        void readsAnEcKey() throws Exception {
            KeyPair keyPair = TestCertificates.ecKeyPair();
            X509Certificate certificate = TestCertificates.selfSigned(keyPair, HOSTNAME);
            String key = TestCertificates.sec1(keyPair);
            assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");

            ServerKeystore serverKeystore = fromPem(
                TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(certificate)),
                TestCertificates.write(temp.resolve("key.pem"), key));

            assertThat(chain(serverKeystore)).containsExactly(certificate);
            assertThat(load(serverKeystore).getKey(ServerKeystore.KEY_ALIAS, serverKeystore.password().toCharArray()).getAlgorithm())
                .isEqualTo("EC");
        }

        @Test
        void readsAnEcKeyWhenBouncyCastleIsARegisteredProvider() throws Exception {
            // the embedded ActiveMQ broker registers Bouncy Castle when its class loads; the PEM converter then
            // makes an "ECDSA" key for the certificate's "EC" one
            boolean registeredHere = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null;
            if (registeredHere) {
                Security.addProvider(new BouncyCastleProvider());
            }
            try {
                KeyPair keyPair = TestCertificates.ecKeyPair();
                X509Certificate certificate = TestCertificates.selfSigned(keyPair, HOSTNAME);

                ServerKeystore serverKeystore = fromPem(
                    TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(certificate)),
                    TestCertificates.write(temp.resolve("key.pem"), TestCertificates.sec1(keyPair)));

                assertThat(chain(serverKeystore)).containsExactly(certificate);
            } finally {
                if (registeredHere) {
                    Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
                }
            }
        }

        @Test
        void keepsTheChainLeafFirst() throws Exception {
            KeyPair caKeys = TestCertificates.rsaKeyPair();
            KeyPair serverKeys = TestCertificates.ecKeyPair();
            Instant inAYear = Instant.now().plus(Duration.ofDays(365));
            X509Certificate ca = TestCertificates.certificate("CN=Test CA", caKeys.getPublic(), "CN=Test CA", caKeys.getPrivate(), inAYear);
            X509Certificate leaf = TestCertificates.certificate("CN=" + HOSTNAME, serverKeys.getPublic(), "CN=Test CA", caKeys.getPrivate(),
                inAYear, HOSTNAME);

            ServerKeystore serverKeystore = fromPem(
                TestCertificates.write(temp.resolve("fullchain.pem"), TestCertificates.pem(leaf, ca)),
                TestCertificates.write(temp.resolve("privkey.pem"), TestCertificates.pkcs8(serverKeys.getPrivate())));

            assertThat(chain(serverKeystore)).containsExactly(leaf, ca);
            assertThat(serverKeystore.subject()).isEqualTo("CN=" + HOSTNAME);
        }

        @Test
        void acceptsTheKeyAndTheCertificatesInOneFile() throws Exception {
            KeyPair keyPair = TestCertificates.rsaKeyPair();
            X509Certificate certificate = TestCertificates.selfSigned(keyPair, HOSTNAME);
            Path combined = TestCertificates.write(temp.resolve("combined.pem"),
                "Bag Attributes: from openssl\n" + TestCertificates.pkcs8(keyPair.getPrivate()) + TestCertificates.pem(certificate));

            ServerKeystore serverKeystore = fromPem(combined, combined);

            assertThat(chain(serverKeystore)).containsExactly(certificate);
        }

        @Test
        void acceptsAnExpiredCertificateForAnotherName() throws Exception {
            KeyPair keyPair = TestCertificates.rsaKeyPair();
            X509Certificate certificate = TestCertificates.certificate("CN=other.example.test", keyPair.getPublic(), "CN=other.example.test",
                keyPair.getPrivate(), Instant.now().minus(Duration.ofDays(1)), "other.example.test");

            ServerKeystore serverKeystore = fromPem(
                TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(certificate)),
                TestCertificates.write(temp.resolve("key.pem"), TestCertificates.pkcs8(keyPair.getPrivate())));

            assertThat(chain(serverKeystore)).containsExactly(certificate);
        }

        @Test
        void isRebuiltAtEveryStartSoReplacedFilesTakeEffect() throws Exception {
            Path certificateFile = temp.resolve("cert.pem");
            Path keyFile = temp.resolve("key.pem");
            KeyPair first = TestCertificates.rsaKeyPair();
            TestCertificates.write(certificateFile, TestCertificates.pem(TestCertificates.selfSigned(first, HOSTNAME)));
            TestCertificates.write(keyFile, TestCertificates.pkcs8(first.getPrivate()));
            ServerKeystore before = fromPem(certificateFile, keyFile);

            KeyPair second = TestCertificates.ecKeyPair();
            X509Certificate replacement = TestCertificates.selfSigned(second, HOSTNAME);
            TestCertificates.write(certificateFile, TestCertificates.pem(replacement));
            TestCertificates.write(keyFile, TestCertificates.pkcs8(second.getPrivate()));
            ServerKeystore after = fromPem(certificateFile, keyFile);

            assertThat(after.sha256Fingerprint()).isNotEqualTo(before.sha256Fingerprint());
            assertThat(chain(after)).containsExactly(replacement);
        }
    }

    @Nested
    class Errors {

        @Test
        void aKeyThatDoesNotMatchTheCertificateNamesTheKeyFile() throws Exception {
            KeyPair certified = TestCertificates.rsaKeyPair();
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(TestCertificates.selfSigned(certified, HOSTNAME)));
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), TestCertificates.pkcs8(TestCertificates.rsaKeyPair().getPrivate()));

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("TLS private key file " + keyFile + ": ")
                .hasMessageContaining("does not match");
        }

        @Test
        void aKeyOfAnotherAlgorithmDoesNotMatchEither() throws Exception {
            KeyPair certified = TestCertificates.rsaKeyPair();
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(TestCertificates.selfSigned(certified, HOSTNAME)));
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), TestCertificates.sec1(TestCertificates.ecKeyPair()));

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("TLS private key file " + keyFile + ": ")
                .hasMessageContaining("does not match");
        }

        @Test
        void aGarbageCertificateFileIsNamed() throws Exception {
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"), "this is not a certificate\n");
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), TestCertificates.pkcs8(TestCertificates.rsaKeyPair().getPrivate()));

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("TLS certificate file " + certificateFile + ": no CERTIFICATE block found (a PEM file with"
                    + " '-----BEGIN CERTIFICATE-----' is expected; convert a DER file with 'openssl x509 -inform der')");
        }

        @Test
        void aCorruptCertificateBlockIsNamed() throws Exception {
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIB!!not base64!!\n-----END CERTIFICATE-----\n");
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), TestCertificates.pkcs8(TestCertificates.rsaKeyPair().getPrivate()));

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("TLS certificate file " + certificateFile + ": corrupt PEM, block #1 cannot be read");
        }

        @Test
        void aTruncatedKeyIsNamed() throws Exception {
            KeyPair keyPair = TestCertificates.rsaKeyPair();
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(TestCertificates.selfSigned(keyPair, HOSTNAME)));
            String key = TestCertificates.pkcs8(keyPair.getPrivate());
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), key.substring(0, key.length() / 2));

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("TLS private key file " + keyFile + ": corrupt PEM");
        }

        @Test
        void aMissingFileIsNamed() throws Exception {
            Path certificateFile = temp.resolve("missing.pem");
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), TestCertificates.pkcs8(TestCertificates.rsaKeyPair().getPrivate()));

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("TLS certificate file " + certificateFile + ": file not found");
        }

        @Test
        void aKeyFileWithoutAKeyIsNamed() throws Exception {
            String certificate = TestCertificates.pem(TestCertificates.selfSigned(TestCertificates.rsaKeyPair(), HOSTNAME));
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"), certificate);
            Path keyFile = TestCertificates.write(temp.resolve("key.pem"), certificate);

            assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("TLS private key file " + keyFile + ": no private key found");
        }

        @Test
        void anEncryptedKeyIsRefused() throws Exception {
            KeyPair keyPair = TestCertificates.rsaKeyPair();
            Path certificateFile = TestCertificates.write(temp.resolve("cert.pem"), TestCertificates.pem(TestCertificates.selfSigned(keyPair, HOSTNAME)));
            String legacy = TestCertificates.encryptedLegacy(keyPair.getPrivate());
            assertThat(legacy).contains("Proc-Type: 4,ENCRYPTED");
            String pkcs8 = TestCertificates.encryptedPkcs8(keyPair.getPrivate());
            assertThat(pkcs8).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

            for (String key : List.of(legacy, pkcs8)) {
                Path keyFile = TestCertificates.write(temp.resolve("key.pem"), key);

                assertThatThrownBy(() -> fromPem(certificateFile, keyFile))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("TLS private key file " + keyFile + ": the private key is encrypted with a passphrase");
            }
        }

        @Test
        void aCertificateWithoutAKeyIsRefused() {
            Path certificateFile = temp.resolve("cert.pem");

            assertThatThrownBy(() -> ServerKeystore.prepare(tlsDirectory(), HOSTNAME, Optional.of(certificateFile), Optional.empty()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("TLS certificate file " + certificateFile + " is configured but no private key file is:"
                    + " configure both, or neither to use a self-signed certificate");
        }

        @Test
        void aKeyWithoutACertificateIsRefused() {
            Path keyFile = temp.resolve("key.pem");

            assertThatThrownBy(() -> ServerKeystore.prepare(tlsDirectory(), HOSTNAME, Optional.empty(), Optional.of(keyFile)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("TLS private key file " + keyFile + " is configured but no certificate file is:"
                    + " configure both, or neither to use a self-signed certificate");
        }
    }
}
