package ma.pmogateway.audit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/** PEM encoding of certificates and CRLs as OpenSSL and xmlsec1 read them (64-character lines, LF). */
final class Pem {

    private Pem() {
    }

    /** Returns {@code certificate} as a PEM {@code CERTIFICATE} block. */
    static byte[] of(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "certificate encoding");
        }
    }

    /** Returns {@code crl} as a PEM {@code X509 CRL} block. */
    static byte[] of(X509CRL crl) {
        try {
            return block("X509 CRL", crl.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "CRL encoding");
        }
    }

    /**
     * Returns the certificate in {@code pem} (PEM or DER).
     *
     * @throws VerificationFailure if it holds no readable certificate
     */
    static X509Certificate certificate(byte[] pem) throws VerificationFailure {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (GeneralSecurityException e) {
            throw new VerificationFailure("not a certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the CRL in {@code pem} (PEM or DER).
     *
     * @throws VerificationFailure if it holds no readable CRL
     */
    static X509CRL crl(byte[] pem) throws VerificationFailure {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(pem));
        } catch (GeneralSecurityException e) {
            throw new VerificationFailure("not a CRL: " + e.getMessage(), e);
        }
    }

    private static byte[] block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
