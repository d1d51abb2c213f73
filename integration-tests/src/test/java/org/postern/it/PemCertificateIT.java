package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real certificate and key in PEM (what Postfix's smtpd_tls_cert_file / smtpd_tls_key_file hold) given as
 * TLS_CERT_FILE / TLS_KEY_FILE are what the server presents on its TLS ports.
 */
class PemCertificateIT {

    @Test
    void theConfiguredPemCertificateIsPresentedOnSmtpsAndStartTls(@TempDir Path directory) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        X509Certificate certificate = selfSigned(keys, "mx.postern.test");
        Path certificateFile = directory.resolve("fullchain.pem");
        Path keyFile = directory.resolve("privkey.pem");
        Files.writeString(certificateFile, pem(certificate));
        Files.writeString(keyFile, pem(keys.getPrivate()));

        try (PosternProcess server = PosternProcess.builder()
                .env("TLS_CERT_FILE", certificateFile.toString())
                .env("TLS_KEY_FILE", keyFile.toString())
                .build()
                .start()) {
            TestTls.RecordingTrustManager implicitTls = new TestTls.RecordingTrustManager();
            try (SmtpSession smtps = SmtpSession.connectImplicitTls(server.smtpsPort(), TestTls.context(implicitTls))) {
                assertThat(smtps.greeting().code()).isEqualTo(220);
            }
            TestTls.RecordingTrustManager startTls = new TestTls.RecordingTrustManager();
            try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
                smtp.ehlo("laptop.example");
                SmtpSession.expect(smtp.startTls(TestTls.context(startTls)), 220);
                assertThat(smtp.ehlo("laptop.example").code()).isEqualTo(250);
            }

            assertThat(implicitTls.lastChain[0]).isEqualTo(certificate);
            assertThat(startTls.lastChain[0]).isEqualTo(certificate);
            assertThat(server.currentRunLog()).contains("from PEM files");
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String hostname) throws Exception {
        X500Name subject = new X500Name("CN=" + hostname);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
        return new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static String pem(Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
