package ma.pmogateway.security;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.validate.Credential;
import org.apache.wss4j.dom.validate.SignatureTrustValidator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WSS4J's signature trust check (trusted chain, validity, revocation) preceded by the gateway's own
 * {@link CertificatePolicy}, and refusing signatures that are not made with an X.509 certificate.
 *
 * <p>Where one party only may sign (the PMO's acknowledgements), its certificates are pinned: any other
 * certificate is refused even if a trusted CA issued it, so that no other holder of a certificate
 * from the same CA can acknowledge in the PMO's name.
 */
public final class StrictSignatureTrustValidator extends SignatureTrustValidator {

    private static final Logger LOG = LoggerFactory.getLogger(StrictSignatureTrustValidator.class);

    /** SHA-256 thumbprints of the only certificates accepted; empty: any the trust store accepts. */
    private final Set<String> pinned;

    /** Accepts any certificate that passes the policy and chains to a trusted CA. */
    public StrictSignatureTrustValidator() {
        this.pinned = Set.of();
    }

    /** Accepts only {@code signers}' certificates, each still checked against the policy and the trust store. */
    public StrictSignatureTrustValidator(List<X509Certificate> signers) {
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("no certificate to pin");
        }
        this.pinned = signers.stream().map(SenderRegistry::thumbprint).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Credential validate(Credential credential, RequestData data) throws WSSecurityException {
        X509Certificate[] certificates = credential == null ? null : credential.getCertificates();
        if (certificates == null || certificates.length == 0) {
            throw refused("signature not made with an X.509 certificate");
        }
        Optional<String> violation = CertificatePolicy.violation(certificates[0]);
        if (violation.isPresent()) {
            throw refused(violation.get() + " (" + certificates[0].getSubjectX500Principal() + ")");
        }
        if (!pinned.isEmpty() && !pinned.contains(SenderRegistry.thumbprint(certificates[0]))) {
            throw refused("not a pinned certificate (" + certificates[0].getSubjectX500Principal() + ", SHA-256 "
                    + SenderRegistry.thumbprint(certificates[0]) + ")");
        }
        return super.validate(credential, data);
    }

    private static WSSecurityException refused(String reason) {
        LOG.warn("Signer certificate refused: {}", reason);
        return new WSSecurityException(WSSecurityException.ErrorCode.FAILED_AUTHENTICATION,
                new SecurityException(reason));
    }
}
