package ma.pmogateway.it.security;

import org.apache.wss4j.dom.WSConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.Payloads;

/**
 * Signatures must use RSA-SHA256 (the only signature method of the v1 policy), SHA-256 digests and
 * exclusive canonicalisation, whatever the WS-SecurityPolicy suite name (Basic256Sha256 still means
 * RSA-SHA1 signatures). Each test changes one algorithm of an otherwise accepted request.
 */
class WeakAlgorithmIT extends GatewayTest {

    private EnvoiFichesProjets envoi;

    @BeforeEach
    void freshBatch() {
        envoi = casablancaFiches();
    }

    /** Attack: signature method rsa-sha1 (what Basic256Sha256 alone would allow). Expected: refused. */
    @Test
    void refusesRsaSha1Signature() {
        assertRefusedAs(request(envoi).signatureAlgorithm(WSConstants.RSA_SHA1).build(), Reason.ALG_SIGNATURE_METHOD);
    }

    /** Attack: signature method rsa-sha512, stronger but not the policy's one. Expected: refused. */
    @Test
    void refusesRsaSha512Signature() {
        assertRefusedAs(request(envoi).signatureAlgorithm(WSConstants.RSA_SHA512).build(), Reason.ALG_SIGNATURE_METHOD);
    }

    /** Attack: SHA-1 digests of the Body and Timestamp. Expected: refused. */
    @Test
    void refusesSha1Digest() {
        assertRefusedAs(request(envoi).digestAlgorithm(WSConstants.SHA1).build(), Reason.ALG_DIGEST);
    }

    /** Attack: SHA-512 digests, stronger but not the policy suite's SHA-256. Expected: refused. */
    @Test
    void refusesSha512Digest() {
        assertRefusedAs(request(envoi).digestAlgorithm(WSConstants.SHA512).build(), Reason.ALG_DIGEST);
    }

    /** Attack: SignedInfo canonicalised with inclusive C14N 1.0. Expected: refused. */
    @Test
    void refusesInclusiveCanonicalization() {
        assertRefusedAs(request(envoi).canonicalization(WSConstants.C14N_OMIT_COMMENTS).build(), Reason.ALG_CANONICALIZATION);
    }

    /**
     * Not weak, but outside the v1 policy: AO-MS (EC P-256, registered for region 07) signs its own
     * Marrakech-Safi batch with ECDSA-SHA256 (docs/CONTRACTS.md §11). Expected: refused.
     */
    @Test
    void refusesEcdsaSignatureOutsideV1Policy() {
        EnvoiFichesProjets marrakech = Payloads.fiches("14-ms-manu-marrakech-safi.xml");
        assertRefused(send(request(marrakech).signedBy("ao-ms").build()), Reason.ALG_SIGNATURE_METHOD);
        assertNotAccepted(marrakech);
    }

    private void assertRefusedAs(Document request, Reason reason) {
        assertRefused(send(request), reason);
        assertNotAccepted(envoi);
    }
}
