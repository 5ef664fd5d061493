package ma.pmogateway.it.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;

/**
 * Only a certificate that chains to the trusted CA, is within its validity, is not revoked, has an RSA
 * key of 2048 bits or more (or EC P-256+), is signed with SHA-2 and may sign (key usage) can sign a
 * request. The test gateway registers each bad certificate as a sender with every right, so its
 * refusal comes from the certificate checks alone; the fault names none of them, the journal names
 * the check that fired.
 */
class CertificateTrustIT extends GatewayTest {

    /**
     * Attack: AO-CS's batch, validly signed with the key of a defective certificate (the only difference
     * from an accepted request; without the certificate checks, the Emetteur mismatch would give
     * NON_AUTORISE instead). Expected: a generic SECURITE_REFUSEE, journaled REJETE, batch not accepted.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "bad-expired,       valid from 2020-01-01 to 2021-01-01,                    CERT_EXPIRED",
        "bad-not-yet-valid, valid only from 2099-01-01,                             CERT_EXPIRED",
        "bad-revoked,       listed in the CA's CRL (keyCompromise),                 CERT_REVOKED",
        "bad-untrusted,     issued by a CA outside the trust store,                 CERT_UNTRUSTED",
        "bad-rsa1024,       RSA key of 1024 bits,                                   CERT_POLICY",
        "bad-sha1,          signed by the CA with sha1WithRSAEncryption,            CERT_POLICY",
        "bad-keyusage,      key usage without digitalSignature nor nonRepudiation,  CERT_POLICY"})
    void refusesDefectiveSignerCertificate(String identity, String defect, Reason reason) {
        EnvoiFichesProjets envoi = casablancaFiches();
        assertRefused(send(request(envoi).signedBy(identity).build()), reason);
        assertNotAccepted(envoi);
    }
}
