package ma.pmogateway.security;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
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

import ma.pmogateway.error.Reason;

/**
 * WSS4J's signature trust check (trusted chain, validity, revocation) preceded by the gateway's own
 * {@link CertificatePolicy}, and refusing signatures that are not made with an X.509 certificate.
 * Each refusal records its precise {@link Reason} ({@link SecurityFailures#record}), which WSS4J's
 * own exception does not keep.
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
            throw refused(Reason.SIG_NO_CERTIFICATE, "signature not made with an X.509 certificate");
        }
        Optional<String> violation = CertificatePolicy.violation(certificates[0]);
        if (violation.isPresent()) {
            throw refused(Reason.CERT_POLICY, violation.get() + " (" + certificates[0].getSubjectX500Principal() + ")");
        }
        if (!pinned.isEmpty() && !pinned.contains(SenderRegistry.thumbprint(certificates[0]))) {
            throw refused(Reason.CERT_UNTRUSTED, "not a pinned certificate ("
                    + certificates[0].getSubjectX500Principal() + ", SHA-256 "
                    + SenderRegistry.thumbprint(certificates[0]) + ")");
        }
        try {
            return super.validate(credential, data);
        } catch (WSSecurityException e) {
            // A chain that validates but a subject outside the registry's (the subject-DN constraint,
            // WsSecuritySettings.subjectConstraints): the registry's refusal, as if it had been asked.
            Reason reason = hasPathFailure(e) || matchesSubjectConstraints(certificates[0], data) ? pathFailure(e)
                    : Reason.SENDER_UNKNOWN;
            SecurityFailures.record(reason, "signer certificate " + certificates[0].getSubjectX500Principal()
                    + " refused: " + e.getMessage());
            throw e;
        }
    }

    /** Returns true if {@code e} comes from the JDK's certificate path checks (validity, revocation, chain). */
    private static boolean hasPathFailure(WSSecurityException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.GeneralSecurityException) {
                return true;
            }
        }
        return false;
    }

    /** Returns true if there is no subject constraint, or {@code certificate}'s subject matches one. */
    private static boolean matchesSubjectConstraints(X509Certificate certificate, RequestData data) {
        java.util.Collection<java.util.regex.Pattern> constraints = data.getSubjectCertConstraints();
        String subject = certificate.getSubjectX500Principal().getName();
        return constraints == null || constraints.isEmpty()
                || constraints.stream().anyMatch(pattern -> pattern.matcher(subject).matches());
    }

    /**
     * Which of WSS4J's checks refused the certificate, read from the JDK exception it wraps: validity
     * period, revocation (an unknown status, from a stale CRL, counts as revoked), else the chain.
     */
    private static Reason pathFailure(WSSecurityException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return Reason.CERT_EXPIRED;
            }
            if (t instanceof CertificateRevokedException) {
                return Reason.CERT_REVOKED;
            }
            if (t instanceof CertPathValidatorException path) {
                CertPathValidatorException.Reason reason = path.getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED
                        || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return Reason.CERT_EXPIRED;
                }
                if (reason == CertPathValidatorException.BasicReason.REVOKED
                        || reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                    return Reason.CERT_REVOKED;
                }
            }
        }
        return Reason.CERT_UNTRUSTED;
    }

    private static WSSecurityException refused(Reason reason, String detail) {
        LOG.warn("Signer certificate refused: {}", detail);
        SecurityFailures.record(reason, detail);
        return new WSSecurityException(WSSecurityException.ErrorCode.FAILED_AUTHENTICATION,
                new SecurityException(detail));
    }
}
