package ma.pmogateway.security;

import java.security.cert.X509Certificate;

/**
 * The outcome of the security step for one request: the registered sender whose certificate signed
 * the Body and Timestamp, and that certificate. Stored in the CXF message under {@link #KEY}.
 *
 * @param sender      the registered sender
 * @param certificate the signing certificate, as carried in the message
 * @param thumbprint  its SHA-256 thumbprint (upper-case hex)
 */
public record VerifiedSender(Sender sender, X509Certificate certificate, String thumbprint) {

    /** Message property under which the security step leaves its outcome. */
    public static final String KEY = VerifiedSender.class.getName();
}
