package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ma.pmogateway.it.Identities;

/**
 * Re-verification of stored requests at audit time: the signature and what it covers are checked
 * again from the bytes alone; the Timestamp, long expired by then, is not.
 */
class StoredRequestVerifierTest {

    private final StoredRequestVerifier verifier = new StoredRequestVerifier(Identities.of("gateway").crypto());

    @Test
    void verifiesASignedRequestWhoseTimestampHasExpired() throws Exception {
        byte[] request = SignedRequests.signed("ao-cs", true);

        assertEquals(Identities.of("ao-cs").certificate(), verifier.verify(request));
    }

    @Test
    void detectsOneChangedByteInTheBody() throws Exception {
        byte[] request = new String(SignedRequests.signed("ao-cs", true), StandardCharsets.UTF_8)
                .replace(">contenu<", ">contenU<").getBytes(StandardCharsets.UTF_8);

        assertThrows(VerificationFailure.class, () -> verifier.verify(request));
    }

    @Test
    void refusesASignatureThatDoesNotCoverTheBody() throws Exception {
        byte[] request = SignedRequests.signed("ao-cs", false);

        var problem = assertThrows(VerificationFailure.class, () -> verifier.verify(request));
        assertTrue(problem.getMessage().contains("Body"), problem.getMessage());
    }

    @Test
    void refusesASignerFromAnotherCa() throws Exception {
        byte[] request = SignedRequests.signed("bad-untrusted", true);

        assertThrows(VerificationFailure.class, () -> verifier.verify(request));
    }
}
