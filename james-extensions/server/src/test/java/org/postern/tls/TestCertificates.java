package org.postern.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Builds the kind of keys, certificates and PEM files a Postfix admin has, with Bouncy Castle. */
final class TestCertificates {

    private TestCertificates() {
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subjectKey} signed by {@code issuerKey}; with no DNS names it is a CA certificate. */
    static X509Certificate certificate(String subjectDn, PublicKey subjectKey, String issuerDn, PrivateKey issuerKey,
                                                          Instant notAfter, String... dnsNames) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuerDn),
            BigInteger.valueOf(System.nanoTime()), Date.from(notAfter.minus(Duration.ofDays(365))), Date.from(notAfter),
            new X500Name(subjectDn), subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(dnsNames.length == 0));
        if (dnsNames.length > 0) {
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        String signatureAlgorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey)));
    }

    static X509Certificate selfSigned(KeyPair keyPair, String hostname) throws Exception {
        return certificate("CN=" + hostname, keyPair.getPublic(), "CN=" + hostname, keyPair.getPrivate(),
            Instant.now().plus(Duration.ofDays(90)), hostname);
    }

    /** JcaPEMWriter's own form: certificates as CERTIFICATE, an RSA key as RSA PRIVATE KEY (PKCS#1). */
    static String pem(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    /**
     * EC PRIVATE KEY (SEC1) with the curve and public key inside, as 'openssl ecparam -genkey' writes it. JcaPEMWriter
     * cannot be used for this: from a JDK key it writes the SEC1 structure without the curve, which nothing can read back.
     */
    static String sec1(KeyPair ecKeyPair) throws IOException {
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(ecKeyPair.getPrivate().getEncoded());
        ECPrivateKey withoutCurve = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ECPrivateKey sec1 = new ECPrivateKey(256, withoutCurve.getKey(),
            SubjectPublicKeyInfo.getInstance(ecKeyPair.getPublic().getEncoded()).getPublicKeyData(),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    /** PRIVATE KEY (PKCS#8), what current openssl writes. */
    static String pkcs8(PrivateKey key) throws IOException {
        return pem(new JcaPKCS8Generator(key, null));
    }

    /** A passphrase-protected key in the legacy OpenSSL form ("Proc-Type: 4,ENCRYPTED"). */
    static String encryptedLegacy(PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            // OpenSSL's key derivation exists only in Bouncy Castle's provider, given here without registering it.
            writer.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                .build("secret".toCharArray()));
        }
        return text.toString();
    }

    /** A passphrase-protected key in PKCS#8 form ("ENCRYPTED PRIVATE KEY"). */
    static String encryptedPkcs8(PrivateKey key) throws Exception {
        return pem(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
            .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
