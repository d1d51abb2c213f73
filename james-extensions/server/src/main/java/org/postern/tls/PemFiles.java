package org.postern.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.postern.config.InvalidConfigurationException;

/**
 * Reads and writes the PEM files Postfix admins already have ({@code smtpd_tls_cert_file}, {@code smtpd_tls_key_file}).
 *
 * <p>Blocks of the other kind are skipped, so a single file holding both the key and the certificates can be
 * given as both the certificate file and the key file, as Postfix allows. Every failure is an
 * {@link InvalidConfigurationException} naming the file and the reason: it is all the admin sees before the
 * server exits.
 */
final class PemFiles {

    private static final String CERTIFICATE_FILE = "TLS certificate file ";
    private static final String KEY_FILE = "TLS private key file ";

    private PemFiles() {
    }

    /** Every CERTIFICATE block of the file, in file order (for a Postfix cert file: the leaf, then its chain). */
    static List<X509Certificate> readCertificates(Path file) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object block : readBlocks(file, CERTIFICATE_FILE)) {
            X509CertificateHolder holder = null;
            if (block instanceof X509CertificateHolder certificate) {
                holder = certificate;
            } else if (block instanceof X509TrustedCertificateBlock trusted) {
                holder = trusted.getCertificateHolder();
            }
            if (holder != null) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new InvalidConfigurationException(CERTIFICATE_FILE + file + ": certificate #" + (certificates.size() + 1)
                        + " cannot be decoded (" + e.getMessage() + ")", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidConfigurationException(CERTIFICATE_FILE + file
                + ": no CERTIFICATE block found (a PEM file with '-----BEGIN CERTIFICATE-----' is expected;"
                + " convert a DER file with 'openssl x509 -inform der')");
        }
        return List.copyOf(certificates);
    }

    /** The one private key of the file, in PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. */
    static PrivateKey readPrivateKey(Path file) {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        boolean encrypted = false;
        for (Object block : readBlocks(file, KEY_FILE)) {
            if (block instanceof PrivateKeyInfo key) {
                keys.add(key);
            } else if (block instanceof PEMKeyPair pair) {
                keys.add(pair.getPrivateKeyInfo());
            } else if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                encrypted = true;
            }
        }
        if (keys.isEmpty() && encrypted) {
            // Postfix cannot use a passphrase-protected key either, so this is a setup mistake, not a missing feature.
            throw new InvalidConfigurationException(KEY_FILE + file
                + ": the private key is encrypted with a passphrase; give an unencrypted key (e.g. 'openssl pkey -in "
                + file + " -out key.pem')");
        }
        if (keys.isEmpty()) {
            throw new InvalidConfigurationException(KEY_FILE + file
                + ": no private key found (a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block is expected)");
        }
        if (keys.size() > 1) {
            throw new InvalidConfigurationException(KEY_FILE + file + ": " + keys.size() + " private keys found, exactly one is expected");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keys.get(0));
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(KEY_FILE + file + ": the private key cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        OwnerOnlyFile.write(file, pem(certificate));
    }

    /** Written as PKCS#8 ("PRIVATE KEY"), the form every TLS tool reads, whatever the key algorithm. */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        OwnerOnlyFile.write(file, pem(new JcaPKCS8Generator(key, null)));
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Object> readBlocks(Path file, String what) {
        String content;
        try {
            // ISO-8859-1 never fails to decode: the text around the blocks (e.g. "Bag Attributes" from openssl) may be anything.
            content = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(what + file + ": file not found", e);
        } catch (AccessDeniedException e) {
            // Keys are often root-only (Postfix reads them as root), while this server runs unprivileged.
            throw new InvalidConfigurationException(what + file + ": permission denied for user '"
                + System.getProperty("user.name") + "'", e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(what + file + ": cannot be read (" + e + ")", e);
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(content))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // Bad base64, a missing END line, or a block whose content is not what its header says.
            throw new InvalidConfigurationException(what + file + ": corrupt PEM, block #" + (blocks.size() + 1)
                + " cannot be read (" + e.getMessage() + ")", e);
        }
        return blocks;
    }
}
