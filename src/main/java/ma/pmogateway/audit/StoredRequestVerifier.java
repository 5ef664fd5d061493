package ma.pmogateway.audit;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.engine.WSSecurityEngine;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.validate.NoOpValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * Re-verifies, from the bytes stored in the journal alone, the WS-Security signature of a request the
 * gateway accepted: the signature value, the signer's certificate path to the trust anchors, and that
 * the envelope's one Body (directly under the Envelope) is among the signed elements.
 *
 * <p>What was checked at reception and is deliberately not checked again: the Timestamp's freshness
 * (it has expired by audit time), replay, and revocation (a certificate revoked after the message was
 * received does not make the message forged). The certificate's validity period is checked by WSS4J
 * at audit time, so a signer certificate that has since expired is reported (see docs/AUDIT.md).
 */
public final class StoredRequestVerifier {

    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    private final Crypto trust;

    /** Creates a verifier whose signer certificates must chain to the trust anchors of {@code trust}. */
    public StoredRequestVerifier(Crypto trust) {
        this.trust = trust;
    }

    /** Returns a verifier trusting exactly the CA certificates {@code anchors}. */
    public static StoredRequestVerifier trusting(List<X509Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            Merlin merlin = new Merlin();
            merlin.setTrustStore(store);
            return new StoredRequestVerifier(merlin);
        } catch (GeneralSecurityException | IOException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "audit trust store");
        }
    }

    /**
     * Returns the certificate that signed the stored request {@code request}.
     *
     * @throws VerificationFailure naming the problem if the bytes are not a signed SOAP envelope whose
     *                                    signature verifies, chains to a trust anchor and covers its Body
     */
    public X509Certificate verify(byte[] request) throws VerificationFailure {
        Document document = EnvelopedSignature.parse(request);
        Element body = soleBody(document.getDocumentElement());
        WSHandlerResult results;
        try {
            results = new WSSecurityEngine().processSecurityHeader(document, requestData());
        } catch (WSSecurityException e) {
            throw new VerificationFailure("WS-Security signature does not verify: " + e.getMessage(), e);
        }
        List<WSSecurityEngineResult> signatures = results == null ? List.of()
                : results.getActionResults().getOrDefault(WSConstants.SIGN, List.of());
        if (signatures.size() != 1) {
            throw new VerificationFailure("expected one WS-Security signature, found " + signatures.size(), null);
        }
        WSSecurityEngineResult signature = signatures.get(0);
        @SuppressWarnings("unchecked")
        List<WSDataRef> references = (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        if (references == null || references.stream().noneMatch(r -> r.getProtectedElement() == body)) {
            throw new VerificationFailure("the envelope's Body is not among the signed elements", null);
        }
        return (X509Certificate) signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
    }

    private RequestData requestData() {
        WSSConfig config = WSSConfig.getNewInstance();
        config.setValidator(WSConstants.TIMESTAMP, new NoOpValidator());
        RequestData data = new RequestData();
        data.setWssConfig(config);
        data.setSigVerCrypto(trust);
        data.setEnableRevocation(false);
        return data;
    }

    private static Element soleBody(Element envelope) throws VerificationFailure {
        String soap = envelope.getNamespaceURI();
        if (!"Envelope".equals(envelope.getLocalName()) || !(SOAP11.equals(soap) || SOAP12.equals(soap))) {
            throw new VerificationFailure("not a SOAP envelope", null);
        }
        int bodies = envelope.getOwnerDocument().getElementsByTagNameNS(soap, "Body").getLength();
        Element body = null;
        for (Node child = envelope.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && soap.equals(element.getNamespaceURI())
                    && "Body".equals(element.getLocalName())) {
                body = element;
            }
        }
        if (bodies != 1 || body == null) {
            throw new VerificationFailure("expected exactly one Body, directly under the Envelope; found "
                    + bodies, null);
        }
        return body;
    }
}
