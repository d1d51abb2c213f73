package org.postern.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.postern.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate used when the admin configured none, so that STARTTLS, SMTPS, IMAPS and POP3S work out of the box
 * (other MTAs accept self-signed certificates for opportunistic STARTTLS; mail clients ask the user once).
 *
 * <p>It is kept in the TLS directory and reused across restarts, so that clients which pinned it keep trusting it;
 * it is replaced only when it no longer fits: another hostname, close to expiry, or damaged files.
 */
final class SelfSignedCertificate {

    static final String CERTIFICATE_FILE = "selfsigned-cert.pem";
    static final String KEY_FILE = "selfsigned-key.pem";
    /** The longest validity Apple clients accept for a TLS server certificate. */
    static final Duration VALIDITY = Duration.ofDays(825);
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofDays(30);
    /** Backdating notBefore a little keeps clients with a slightly late clock from refusing a fresh certificate. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private static final Logger LOGGER = LoggerFactory.getLogger(SelfSignedCertificate.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificate() {
    }

    /** The stored certificate for {@code hostname} if it is still good, otherwise a new one, stored for the next start. */
    static CertifiedKey loadOrGenerate(Path tlsDirectory, String hostname) {
        Path certificateFile = tlsDirectory.resolve(CERTIFICATE_FILE);
        Path keyFile = tlsDirectory.resolve(KEY_FILE);
        Instant now = Instant.now();
        if (Files.exists(certificateFile) || Files.exists(keyFile)) {
            try {
                CertifiedKey stored = new CertifiedKey(PemFiles.readPrivateKey(keyFile), PemFiles.readCertificates(certificateFile));
                Optional<String> reasonToReplace = reasonToReplace(stored, hostname, now);
                if (reasonToReplace.isEmpty()) {
                    return stored;
                }
                LOGGER.info("Replacing the self-signed TLS certificate in {} because {}", tlsDirectory, reasonToReplace.get());
            } catch (InvalidConfigurationException e) {
                // Only this server uses these files: a damaged one is replaced rather than stopping the start.
                LOGGER.warn("Replacing the self-signed TLS certificate in {} because it cannot be read: {}", tlsDirectory, e.getMessage());
            }
        }
        CertifiedKey generated = generate(hostname, now);
        try {
            PemFiles.writePrivateKey(keyFile, generated.privateKey());
            PemFiles.writeCertificate(certificateFile, generated.leaf());
        } catch (IOException e) {
            throw new InvalidConfigurationException("TLS directory " + tlsDirectory + ": cannot store the self-signed certificate ("
                + e + ")", e);
        }
        LOGGER.info("Generated a self-signed TLS certificate for {} in {}, valid until {}",
            hostname, certificateFile, generated.leaf().getNotAfter().toInstant());
        return generated;
    }

    private static Optional<String> reasonToReplace(CertifiedKey stored, String hostname, Instant now) {
        if (!stored.keyMatchesLeaf()) {
            return Optional.of("its key does not match it");
        }
        if (!stored.coversHostname(hostname)) {
            return Optional.of("it is for " + stored.dnsNames() + ", not " + hostname);
        }
        Instant notAfter = stored.leaf().getNotAfter().toInstant();
        if (notAfter.isBefore(now.plus(RENEW_BEFORE_EXPIRY))) {
            return Optional.of("it expires on " + notAfter);
        }
        return Optional.empty();
    }

    /** RSA 2048 / SHA256withRSA, CN and DNS subjectAltName = hostname, an end-entity certificate for TLS servers only. */
    static CertifiedKey generate(String hostname, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair keyPair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostname).build();
            // Random and positive: clients reject two certificates from one issuer with the same serial.
            BigInteger serial = new BigInteger(128, RANDOM).add(BigInteger.ONE);
            Instant notBefore = now.minus(CLOCK_SKEW);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(notBefore), Date.from(notBefore.plus(VALIDITY)), subject, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));

            return new CertifiedKey(keyPair.getPrivate(), List.of(new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())))));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            // Only a broken JDK (no RSA, no SHA-256) gets here.
            throw new IllegalStateException("cannot generate a self-signed certificate for " + hostname, e);
        }
    }
}
