package ma.pmogateway.it.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.it.security.SignedRequest.Part;

/**
 * A request must carry one valid signature, by the key of the certificate it presents, over both its
 * Body and its Timestamp. Each test removes or breaks one of these; each is refused with a generic
 * SECURITE_REFUSEE, journaled REJETE, and its batch is not accepted.
 */
class SignatureRequirementIT extends GatewayTest {

    private EnvoiFichesProjets envoi;

    @BeforeEach
    void freshBatch() {
        envoi = casablancaFiches();
    }

    /** Attack: the batch sent with no WS-Security header at all. Expected: refused. */
    @Test
    void refusesUnsignedRequest() {
        assertSecurityRefusal(request(envoi).unsigned().build(), envoi);
    }

    /** Attack: signed Body, but no Timestamp (so no freshness and no replay identity). Expected: refused. */
    @Test
    void refusesRequestWithoutTimestamp() {
        assertSecurityRefusal(request(envoi).withoutTimestamp().build(), envoi);
    }

    /** Attack: only the Timestamp is signed, the Body is free to change. Expected: refused. */
    @Test
    void refusesRequestWhoseBodyIsNotSigned() {
        assertSecurityRefusal(request(envoi).signing(Part.TIMESTAMP).build(), envoi);
    }

    /** Attack: a project's CoutGlobal is changed after signing. Expected: refused (digest mismatch). */
    @Test
    void refusesBodyTamperedAfterSigning() {
        Document request = request(envoi).build();
        Envelopes.descendant(Envelopes.body(request), Operations.AO_NS, "CoutGlobal").setTextContent("1.00");
        assertSecurityRefusal(request, envoi);
    }

    /**
     * Attack: AO-CS's key signs, but the BinarySecurityToken presents AO-SIEGE's certificate (to borrow
     * the head office's rights). Expected: refused (the signature does not verify with that certificate).
     */
    @Test
    void refusesSignatureNotMadeWithPresentedCertificate() {
        assertSecurityRefusal(request(envoi).presentingCertificateOf("ao-siege").build(), envoi);
    }
}
