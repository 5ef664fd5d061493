package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.security.Envelopes;
import ma.pmogateway.it.security.Operations;
import ma.pmogateway.it.security.RawSoapClient;
import ma.pmogateway.it.security.SignedRequest;
import ma.pmogateway.it.security.SoapReply;

/**
 * One rule for signed faults: a fault is signed (with the request's signature confirmed) only when the
 * signer was fully verified and no security check failed, as for the gateway's authorisation, contract
 * and rule checks. A security refusal is never signed, however far the message got: a signed
 * SECURITE_REFUSEE would tell an attacker that his signature and certificate were good.
 */
class SignedFaultIT extends OneGatewayPerClass {

    /** AO-RSK may not call SoumettreProjets: the NON_AUTORISE fault comes back signed by the gateway. */
    @Test
    void authorisationFaultIsSignedAndConfirmsTheRequestSignature() {
        SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-rsk");
        AtomicReference<byte[]> captured = Clients.captureResponses(client);

        Erreur fault = assertThrows(Erreur.class,
                () -> client.soumettreProjets(Payloads.fiches("02-vn-tamesna-multi-communes.xml")));

        assertEquals("NON_AUTORISE", fault.getFaultInfo().getCode());
        String response = new String(captured.get(), StandardCharsets.UTF_8);
        assertTrue(response.contains("SignatureValue"), response);
        assertTrue(response.contains("SignatureConfirmation"), response);
    }

    /**
     * A validly signed request from a registered sender whose Security header breaks the policy's
     * sp:Strict layout (its Timestamp after the Signature): the refusal is a generic SECURITE_REFUSEE,
     * unsigned like every other security refusal, and journaled as POLICY_LAYOUT.
     */
    @Test
    void layoutRefusalIsUnsignedLikeEverySecurityRefusal() {
        Document request = SignedRequest.of(Operations.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml")))
                .build();
        Element security = Envelopes.security(request);
        security.appendChild(Envelopes.timestamp(request));

        SoapReply reply = RawSoapClient.post(gateway.soap12Address(), request);

        String response = new String(reply.body(), StandardCharsets.UTF_8);
        assertEquals("SECURITE_REFUSEE", reply.errorCode(), response);
        assertEquals(Optional.of(Reason.POLICY_LAYOUT.name()), gateway.journal().reasonOf(reply.correlationId()));
        assertFalse(response.contains("SignatureValue"), response);
        assertFalse(response.contains("SignatureConfirmation"), response);
    }
}
