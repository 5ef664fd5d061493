package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngine;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import ma.pmogateway.it.Identities;

/**
 * The receipt of an accepted request is signed by the gateway over its Body, and confirms (WS-Security
 * 1.1 SignatureConfirmation, required by the policy) the very signature the request carried.
 */
class SignatureConfirmationIT extends GatewayTest {

    private Document request;
    private Document response;

    @BeforeAll
    void sendAcceptedRequest() {
        request = request(casablancaFiches()).build();
        SoapReply reply = send(request);
        assertEquals(200, reply.status(), reply::toString);
        response = reply.document();
    }

    /** The receipt's signature verifies, was made with the gateway's certificate and covers the receipt's Body. */
    @Test
    void receiptIsSignedByGatewayOverItsBody() throws WSSecurityException {
        WSSecurityEngineResult signature = new WSSecurityEngine()
                .processSecurityHeader(response, null, null, Identities.of("ao-cs").crypto())
                .getActionResults().get(WSConstants.SIGN).get(0);
        @SuppressWarnings("unchecked")
        List<WSDataRef> references = (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        assertAll(
                () -> assertEquals(Identities.of("gateway").certificate(),
                        signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE)),
                () -> assertTrue(references.stream()
                        .anyMatch(reference -> Envelopes.body(response).isSameNode(reference.getProtectedElement()))));
    }

    /** The receipt's wsse11:SignatureConfirmation Value is the request's ds:SignatureValue. */
    @Test
    void receiptConfirmsRequestSignatureValue() {
        String confirmed = Envelopes.child(Envelopes.security(response), WSConstants.WSSE11_NS, "SignatureConfirmation")
                .getAttributeNS(null, "Value");
        assertEquals(Envelopes.signatureValue(request), confirmed.replaceAll("\\s", ""));
    }
}
