package ma.pmogateway.security;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * What a signer's certificate must be, beyond chaining to a trusted CA, being in its validity period
 * and not revoked (which the PKIX check establishes).
 *
 * <p>The JDK's PKIX check accepts 1024-bit RSA keys, SHA-1-signed certificates and certificates whose
 * key usage forbids signing; the gateway does not.
 */
public final class CertificatePolicy {

    /** Smallest accepted RSA modulus, in bits. */
    public static final int MIN_RSA_BITS = 2048;
    /** Smallest accepted elliptic-curve field size, in bits (P-256). */
    public static final int MIN_EC_BITS = 256;

    /** Certificate signature algorithms accepted: RSA PKCS#1 v1.5 and PSS, ECDSA, all with SHA-2. */
    private static final Set<String> ALLOWED_SIGNATURE_OIDS = Set.of(
            "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
            "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
            "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
            "1.2.840.113549.1.1.10", // RSASSA-PSS
            "1.2.840.10045.4.3.2",   // ecdsa-with-SHA256
            "1.2.840.10045.4.3.3",   // ecdsa-with-SHA384
            "1.2.840.10045.4.3.4");  // ecdsa-with-SHA512

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;

    private CertificatePolicy() {
    }

    /**
     * Returns why {@code certificate} may not sign messages for the gateway, or empty if it may.
     * The reason is for the log and the journal only, never for the caller.
     */
    public static Optional<String> violation(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                return Optional.of("RSA key of " + rsa.getModulus().bitLength() + " bits");
            }
        } else if (key instanceof ECPublicKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
                return Optional.of("EC key of " + ec.getParams().getCurve().getField().getFieldSize() + " bits");
            }
        } else {
            return Optional.of("unsupported key algorithm " + key.getAlgorithm());
        }
        if (!ALLOWED_SIGNATURE_OIDS.contains(certificate.getSigAlgOID())) {
            return Optional.of("certificate signed with " + certificate.getSigAlgName());
        }
        boolean[] usage = certificate.getKeyUsage();
        // No KeyUsage extension means no restriction (RFC 5280 §4.2.1.3).
        if (usage != null && !usage[DIGITAL_SIGNATURE] && !usage[NON_REPUDIATION]) {
            return Optional.of("key usage does not allow signing");
        }
        return Optional.empty();
    }
}
