package org.postern.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** A private key with its certificate chain, leaf first: what goes into the keystore's single key entry. */
record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {

    private static final int DNS_NAME = 2;

    CertifiedKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Whether the private key belongs to the leaf certificate. Proved by signing with the key and verifying with
     * the certificate's public key, which works for every key type without comparing algorithm-specific numbers
     * (a PKCS#8 or SEC1 key file does not always carry the public key).
     */
    boolean keyMatchesLeaf() {
        String keyFamily = family(privateKey.getAlgorithm());
        if (!keyFamily.equals(family(leaf().getPublicKey().getAlgorithm()))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(signatureAlgorithm(keyFamily));
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(keyFamily));
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The leaf's DNS subjectAltNames; the subject CN only when there are none, as older certificates rely on it. */
    List<String> dnsNames() {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternativeNames = leaf().getSubjectAlternativeNames();
            if (alternativeNames != null) {
                for (List<?> name : alternativeNames) {
                    if (Integer.valueOf(DNS_NAME).equals(name.get(0))) {
                        names.add(name.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension names nothing; the CN below is still worth a try.
        }
        if (names.isEmpty()) {
            X500Name subject = X500Name.getInstance(leaf().getSubjectX500Principal().getEncoded());
            for (RDN commonName : subject.getRDNs(BCStyle.CN)) {
                names.add(IETFUtils.valueToString(commonName.getFirst().getValue()));
            }
        }
        return names;
    }

    /** Whether a client checking the name would accept the leaf for {@code hostname}, wildcards in the first label included. */
    boolean coversHostname(String hostname) {
        String host = hostname.toLowerCase(Locale.ROOT);
        for (String name : dnsNames()) {
            String candidate = name.toLowerCase(Locale.ROOT);
            if (candidate.equals(host)) {
                return true;
            }
            if (candidate.startsWith("*.")) {
                int firstDot = host.indexOf('.');
                if (firstDot > 0 && host.substring(firstDot).equals(candidate.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One name per key type, whichever provider made the key: the PEM key converter asks for Bouncy Castle's
     * "ECDSA" key factory, which exists once any library (the embedded ActiveMQ broker does) has registered
     * Bouncy Castle, while the certificate's key is the JDK's "EC".
     */
    private static String family(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "ECDSA" -> "EC";
            case "Ed25519", "Ed448" -> "EdDSA";
            default -> keyAlgorithm;
        };
    }

    private static String signatureAlgorithm(String keyFamily) throws GeneralSecurityException {
        return switch (keyFamily) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA" -> "EdDSA";
            default -> throw new GeneralSecurityException("no signature algorithm known for " + keyFamily + " keys");
        };
    }
}
