package ma.pmogateway.it.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.security.SignedRequest.Part;

/**
 * A request must carry one valid signature, by the key of the certificate it presents, over both its
 * Body and its Timestamp. Each test removes or breaks one of these; each is refused with a generic
 * SECURITE_REFUSEE, journaled REJETE with the reason of the check that fired, and its batch is not
 * accepted.
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
        assertRefusedAs(request(envoi).unsigned().build(), Reason.SIG_MISSING);
    }

    /** Attack: signed Body, but no Timestamp (so no freshness and no replay identity). Expected: refused. */
    @Test
    void refusesRequestWithoutTimestamp() {
        assertRefusedAs(request(envoi).withoutTimestamp().build(), Reason.SIG_TIMESTAMP_NOT_SIGNED);
    }

    /** Attack: only the Timestamp is signed, the Body is free to change. Expected: refused. */
    @Test
    void refusesRequestWhoseBodyIsNotSigned() {
        assertRefusedAs(request(envoi).signing(Part.TIMESTAMP).build(), Reason.SIG_BODY_NOT_SIGNED);
    }

    /** Attack: a project's CoutGlobal is changed after signing. Expected: refused (digest mismatch). */
    @Test
    void refusesBodyTamperedAfterSigning() {
        Document request = request(envoi).build();
        Envelopes.descendant(Envelopes.body(request), Operations.AO_NS, "CoutGlobal").setTextContent("1.00");
        assertRefusedAs(request, Reason.SIG_INVALID);
    }

    /**
     * Attack: AO-CS's key signs, but the BinarySecurityToken presents AO-SIEGE's certificate (to borrow
     * the head office's rights). Expected: refused (the signature does not verify with that certificate).
     */
    @Test
    void refusesSignatureNotMadeWithPresentedCertificate() {
        assertRefusedAs(request(envoi).presentingCertificateOf("ao-siege").build(), Reason.SIG_INVALID);
    }

    /**
     * Attack: a second wsse:Security header (a copy of the first) beside the signed one, for a reader
     * that takes another header than the verifier. Expected: refused.
     */
    @Test
    void refusesTwoSecurityHeaders() {
        Document request = request(envoi).build();
        Envelopes.header(request).appendChild(Envelopes.security(request).cloneNode(true));
        assertRefusedAs(request, Reason.SIG_COUNT);
    }

    private void assertRefusedAs(Document request, Reason reason) {
        assertRefused(send(request), reason);
        assertNotAccepted(envoi);
    }
}
