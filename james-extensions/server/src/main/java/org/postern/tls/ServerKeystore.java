package org.postern.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKCS12 keystore James's SMTP, IMAP and POP3 servers read from their {@code <tls>} configuration, prepared at
 * startup from the admin's PEM files (Postfix's {@code smtpd_tls_cert_file} and {@code smtpd_tls_key_file}) or,
 * when none are configured, from a self-signed certificate kept in the TLS directory.
 *
 * <p>The keystore is rebuilt at every start with a fresh random password, so replacing the PEM files and
 * restarting is all it takes to change certificates, and no keystore password needs configuring.
 */
public final class ServerKeystore {

    public static final String KEYSTORE_FILE = "keystore.p12";
    public static final String PASSWORD_FILE = "keystore.password";
    public static final String KEY_ALIAS = "postern";
    public static final String TYPE = "PKCS12";
    public static final String SOURCE_SELF_SIGNED = "self-signed";
    public static final String SOURCE_PEM_FILES = "PEM files";

    private static final Logger LOGGER = LoggerFactory.getLogger(ServerKeystore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keystore;
    private final String password;
    private final String source;
    private final String subject;
    private final Instant notAfter;
    private final String sha256Fingerprint;

    private ServerKeystore(Path keystore, String password, String source, X509Certificate leaf) {
        this.keystore = keystore;
        this.password = password;
        this.source = source;
        this.subject = leaf.getSubjectX500Principal().getName();
        this.notAfter = leaf.getNotAfter().toInstant();
        this.sha256Fingerprint = fingerprint(leaf);
    }

    /**
     * Writes {@code tlsDirectory/keystore.p12} and its password to {@code tlsDirectory/keystore.password}.
     *
     * @param tlsDirectory    where the keystore (and the self-signed certificate, if used) are kept; created if missing
     * @param hostname        the server's name: subject of the self-signed certificate, and checked against the PEM certificate
     * @param certificatePem  the leaf certificate followed by its chain; give both PEM files or neither
     * @param privateKeyPem   the unencrypted private key of the leaf certificate; may be the same file as the certificates
     * @throws InvalidConfigurationException naming the file and the reason when the key material cannot be used
     */
    public static ServerKeystore prepare(Path tlsDirectory, String hostname, Optional<Path> certificatePem, Optional<Path> privateKeyPem) {
        Objects.requireNonNull(tlsDirectory, "tlsDirectory");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        String host = normalize(hostname);

        if (certificatePem.isPresent() != privateKeyPem.isPresent()) {
            throw new InvalidConfigurationException(certificatePem
                .map(file -> "TLS certificate file " + file + " is configured but no private key file is")
                .orElseGet(() -> "TLS private key file " + privateKeyPem.get() + " is configured but no certificate file is")
                + ": configure both, or neither to use a self-signed certificate");
        }
        createDirectory(tlsDirectory);

        CertifiedKey certifiedKey;
        String source;
        if (certificatePem.isPresent()) {
            certifiedKey = importPem(certificatePem.get(), privateKeyPem.get(), host);
            source = SOURCE_PEM_FILES;
        } else {
            certifiedKey = SelfSignedCertificate.loadOrGenerate(tlsDirectory, host);
            source = SOURCE_SELF_SIGNED;
        }
        return write(tlsDirectory, certifiedKey, source);
    }

    private static CertifiedKey importPem(Path certificateFile, Path keyFile, String hostname) {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        CertifiedKey certifiedKey = new CertifiedKey(PemFiles.readPrivateKey(keyFile), chain);
        X509Certificate leaf = certifiedKey.leaf();
        if (!certifiedKey.keyMatchesLeaf()) {
            throw new InvalidConfigurationException("TLS private key file " + keyFile + ": the " + leaf.getPublicKey().getAlgorithm()
                + " certificate " + leaf.getSubjectX500Principal().getName() + " (first in " + certificateFile
                + ") does not match this " + certifiedKey.privateKey().getAlgorithm()
                + " private key (the key must be the one of the first certificate of the certificate file)");
        }

        // Warnings, not errors: an admin moving from Postfix must get a running server first, and many MTAs
        // deliver over STARTTLS without checking certificates at all.
        Instant now = Instant.now();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            LOGGER.warn("TLS certificate file {}: the certificate {} expired on {}; clients that check certificates will refuse it",
                certificateFile, leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
        } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
            LOGGER.warn("TLS certificate file {}: the certificate {} is not valid before {}",
                certificateFile, leaf.getSubjectX500Principal().getName(), leaf.getNotBefore().toInstant());
        }
        if (!certifiedKey.coversHostname(hostname)) {
            LOGGER.warn("TLS certificate file {}: the certificate is for {} but the server's hostname is {}; clients that check names will refuse it",
                certificateFile, certifiedKey.dnsNames(), hostname);
        }
        for (int i = 1; i < chain.size(); i++) {
            if (!chain.get(i - 1).getIssuerX500Principal().equals(chain.get(i).getSubjectX500Principal())) {
                LOGGER.warn("TLS certificate file {}: certificate #{} ({}) was not issued by the next one ({}); the chain should go from the server's certificate up to the root",
                    certificateFile, i, chain.get(i - 1).getSubjectX500Principal().getName(), chain.get(i).getSubjectX500Principal().getName());
                break;
            }
        }
        return certifiedKey;
    }

    private static ServerKeystore write(Path tlsDirectory, CertifiedKey certifiedKey, String source) {
        String password = newPassword();
        Path keystoreFile = tlsDirectory.resolve(KEYSTORE_FILE).toAbsolutePath();
        byte[] keystoreBytes;
        try {
            KeyStore keyStore = KeyStore.getInstance(TYPE);
            keyStore.load(null, null);
            keyStore.setKeyEntry(KEY_ALIAS, certifiedKey.privateKey(), password.toCharArray(),
                certifiedKey.chain().toArray(new X509Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keyStore.store(out, password.toCharArray());
            keystoreBytes = out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigurationException("TLS keystore " + keystoreFile + ": cannot store the "
                + certifiedKey.privateKey().getAlgorithm() + " key and its certificate in a " + TYPE + " keystore (" + e + ")", e);
        }
        Path passwordFile = tlsDirectory.resolve(PASSWORD_FILE);
        try {
            OwnerOnlyFile.write(passwordFile, password.getBytes(StandardCharsets.US_ASCII));
            OwnerOnlyFile.write(keystoreFile, keystoreBytes);
        } catch (IOException e) {
            throw new InvalidConfigurationException("TLS directory " + tlsDirectory + ": cannot write " + KEYSTORE_FILE
                + " or " + PASSWORD_FILE + " (" + e + ")", e);
        }
        return new ServerKeystore(keystoreFile, password, source, certifiedKey.leaf());
    }

    private static void createDirectory(Path tlsDirectory) {
        try {
            Files.createDirectories(tlsDirectory);
        } catch (IOException e) {
            throw new InvalidConfigurationException("TLS directory " + tlsDirectory + ": cannot be created (" + e + ")", e);
        }
    }

    /** 192 random bits in URL-safe base64: nothing that needs escaping in James's XML configuration. */
    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String normalize(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        String host = hostname.trim().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("'" + hostname + "' is not an ASCII host name (internationalized names go in their xn-- form)");
        }
        return host;
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The keystore file, absolute. */
    public Path keystore() {
        return keystore;
    }

    /** The keystore as James's {@code <keystore>} element wants it: {@code file://} followed by the absolute path, unencoded. */
    public String keystoreUrl() {
        return "file://" + keystore;
    }

    /** Protects both the keystore and its key entry, as James uses its {@code <secret>} for both. */
    public String password() {
        return password;
    }

    public String type() {
        return TYPE;
    }

    /** {@value #SOURCE_SELF_SIGNED} or {@value #SOURCE_PEM_FILES}. */
    public String source() {
        return source;
    }

    /** The leaf certificate's subject, e.g. {@code CN=mail.example.com}. */
    public String subject() {
        return subject;
    }

    public Instant notAfter() {
        return notAfter;
    }

    /** SHA-256 of the leaf certificate, upper-case hex with colons, as {@code openssl x509 -fingerprint -sha256} shows it. */
    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    /** One line for the startup log. */
    public String describe() {
        return "TLS keystore " + keystore + " (" + TYPE + ", from " + source + "): " + subject
            + ", valid until " + notAfter + ", SHA-256 fingerprint " + sha256Fingerprint;
    }

    /** The same as {@link #describe()}: never the password. */
    @Override
    public String toString() {
        return describe();
    }
}
