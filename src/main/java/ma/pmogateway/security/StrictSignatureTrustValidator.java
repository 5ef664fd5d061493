package ma.pmogateway.security;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.validate.Credential;
import org.apache.wss4j.dom.validate.SignatureTrustValidator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WSS4J's signature trust check (trusted chain, validity, revocation) preceded by the gateway's own
 * {@link CertificatePolicy}, and refusing signatures that are not made with an X.509 certificate.
 */
public final class StrictSignatureTrustValidator extends SignatureTrustValidator {

    private static final Logger LOG = LoggerFactory.getLogger(StrictSignatureTrustValidator.class);

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
        return super.validate(credential, data);
    }

    private static WSSecurityException refused(String reason) {
        LOG.warn("Signer certificate refused: {}", reason);
        return new WSSecurityException(WSSecurityException.ErrorCode.FAILED_AUTHENTICATION,
                new SecurityException(reason));
    }
}
