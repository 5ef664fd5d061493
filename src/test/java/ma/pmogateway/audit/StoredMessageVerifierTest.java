package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/**
 * Re-verification of stored requests at audit time: the signature, what it covers and the signer's
 * certificate are checked again from the bytes alone; the Timestamp, long expired by then, is not.
 * (The signer checked at the date of reception: {@link TrustAtReceptionTest}.)
 */
class StoredMessageVerifierTest {

    private static final KeyMaterial DEVELOPMENT_PKI = Identities.of("gateway");

    private final StoredMessageVerifier verifier = new StoredMessageVerifier(
            TrustHistory.always(DEVELOPMENT_PKI.trustAnchors(), DEVELOPMENT_PKI.crls()));

    @Test
    void verifiesASignedRequestWhoseTimestampHasExpired() throws Exception {
        byte[] request = SignedRequests.signed("ao-cs", true);

        assertEquals(Identities.of("ao-cs").certificate(), verifier.verify(request, Instant.now()));
    }

    @Test
    void detectsOneChangedByteInTheBody() throws Exception {
        byte[] request = new String(SignedRequests.signed("ao-cs", true), StandardCharsets.UTF_8)
                .replace(">contenu<", ">contenU<").getBytes(StandardCharsets.UTF_8);

        assertThrows(VerificationFailure.class, () -> verifier.verify(request, Instant.now()));
    }

    @Test
    void refusesASignatureThatDoesNotCoverTheBody() throws Exception {
        byte[] request = SignedRequests.signed("ao-cs", false);

        var problem = assertThrows(VerificationFailure.class, () -> verifier.verify(request, Instant.now()));
        assertTrue(problem.getMessage().contains("Body"), problem.getMessage());
    }

    /** The auditor's check of what was signed is the gateway's ({@code SignedEnvelope}), Timestamp included. */
    @Test
    void refusesATimestampLeftUnsignedAsTheGatewayDoes() throws Exception {
        byte[] request = SignedRequests.signed("ao-cs", true, false, org.apache.wss4j.dom.WSConstants.SHA256);

        var problem = assertThrows(VerificationFailure.class, () -> verifier.verify(request, Instant.now()));
        assertTrue(problem.getMessage().startsWith("SIG_TIMESTAMP_NOT_SIGNED"), problem.getMessage());
    }

    @Test
    void refusesAWeakDigestAsTheGatewayDoes() throws Exception {
        byte[] request = SignedRequests.signed("ao-cs", true, true, org.apache.wss4j.dom.WSConstants.SHA1);

        var problem = assertThrows(VerificationFailure.class, () -> verifier.verify(request, Instant.now()));
        assertTrue(problem.getMessage().startsWith("ALG_DIGEST"), problem.getMessage());
    }

    @Test
    void refusesASignerFromAnotherCa() throws Exception {
        byte[] request = SignedRequests.signed("bad-untrusted", true);

        var problem = assertThrows(VerificationFailure.class, () -> verifier.verify(request, Instant.now()));
        assertTrue(problem.getMessage().contains("not by a trust anchor in use"), problem.getMessage());
    }

    @Test
    void appliesTheGatewayCertificatePolicy() throws Exception {
        byte[] request = SignedRequests.signed("bad-rsa1024", true);

        var problem = assertThrows(VerificationFailure.class, () -> verifier.verify(request, Instant.now()));
        assertTrue(problem.getMessage().endsWith("RSA key of 1024 bits"), problem.getMessage());
    }
}
