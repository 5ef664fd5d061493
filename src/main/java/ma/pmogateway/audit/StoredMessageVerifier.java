package ma.pmogateway.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.engine.WSSecurityEngine;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.validate.NoOpValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ma.pmogateway.security.SignedEnvelope;

/**
 * Re-verifies, from stored bytes alone, the WS-Security signature of a signed SOAP message: a request the
 * gateway accepted, a receipt it sent, a deposit it delivered to the PMO or the PMO's acknowledgement.
 * Checked: the signature value; what it covers, by the very check the gateway makes on reception
 * ({@link SignedEnvelope}: the one Body and the Timestamp signed, no Id twice, strong algorithms only);
 * and the signer's certificate as it stood when the message was exchanged ({@link TrustHistory}: the
 * trust anchors and CRLs of that date, not today's trust store).
 *
 * <p>What was checked at reception and is deliberately not checked again: the Timestamp's freshness
 * (it has expired by audit time) and replay.
 */
public final class StoredMessageVerifier {

    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String WSSE11_NS = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd";

    private final TrustHistory trust;

    /** Creates a verifier whose signer certificates are validated against {@code trust} at their reception. */
    public StoredMessageVerifier(TrustHistory trust) {
        this.trust = trust;
    }

    /**
     * Returns the certificate that signed the stored message {@code request}, exchanged at {@code receivedAt}.
     *
     * @throws VerificationFailure naming the problem if the bytes are not a signed SOAP envelope whose
     *                                    signature verifies and covers its Body, by a certificate that
     *                                    was valid and trusted at {@code receivedAt}
     */
    public X509Certificate verify(byte[] request, Instant receivedAt) throws VerificationFailure {
        Document document = EnvelopedSignature.parse(request);
        String soap = soapNamespace(document.getDocumentElement());
        WSHandlerResult results;
        try {
            results = new WSSecurityEngine().processSecurityHeader(document, requestData());
        } catch (WSSecurityException e) {
            throw new VerificationFailure("WS-Security signature does not verify: " + e.getMessage(), e);
        }
        X509Certificate signer;
        try {
            // The gateway's own check of what was signed, Timestamp, Ids and algorithms included.
            signer = SignedEnvelope.check(document, soap, results == null ? List.of() : List.of(results)).signer();
        } catch (SignedEnvelope.Refusal refusal) {
            throw new VerificationFailure(refusal.reason() + ": " + refusal.getMessage(), refusal);
        }
        trust.validate(signer, receivedAt);
        return signer;
    }

    /** WSS4J checks the signature value only; the signer's trust is checked at its date by {@link TrustHistory}. */
    private static RequestData requestData() {
        WSSConfig config = WSSConfig.getNewInstance();
        config.setValidator(WSConstants.TIMESTAMP, new NoOpValidator());
        config.setValidator(WSConstants.SIGNATURE, new NoOpValidator());
        RequestData data = new RequestData();
        data.setWssConfig(config);
        // An empty crypto: it only decodes the signer's BinarySecurityToken.
        data.setSigVerCrypto(new Merlin());
        return data;
    }

    /** Returns true if {@code message} carries an XML Signature (a signed answer, not an unsigned fault). */
    static boolean isSigned(byte[] message) throws VerificationFailure {
        return EnvelopedSignature.parse(message).getElementsByTagNameNS(DSIG_NS, "Signature").getLength() > 0;
    }

    /**
     * Checks that {@code answer} confirms the signature of {@code request} (WS-Security 1.1
     * SignatureConfirmation): the answer was made for that very request, not for another.
     *
     * @throws VerificationFailure if the answer carries no confirmation of the request's SignatureValue
     */
    static void requireConfirmation(byte[] answer, byte[] request) throws VerificationFailure {
        NodeList values = EnvelopedSignature.parse(request).getElementsByTagNameNS(DSIG_NS, "SignatureValue");
        NodeList confirmations = EnvelopedSignature.parse(answer).getElementsByTagNameNS(WSSE11_NS,
                "SignatureConfirmation");
        if (values.getLength() != 1) {
            throw new VerificationFailure("the request carries " + values.getLength() + " SignatureValue", null);
        }
        String signed = withoutWhitespace(values.item(0).getTextContent());
        for (int i = 0; i < confirmations.getLength(); i++) {
            if (signed.equals(withoutWhitespace(((Element) confirmations.item(i)).getAttribute("Value")))) {
                return;
            }
        }
        throw new VerificationFailure("does not confirm the request's signature (SignatureConfirmation)", null);
    }

    private static String withoutWhitespace(String base64) {
        return base64.replaceAll("\\s", "");
    }

    /** Returns the one Body of the SOAP envelope {@code envelope}, directly under it ({@link SignedEnvelope#soleBody}). */
    static Element soleBody(Element envelope) throws VerificationFailure {
        try {
            return SignedEnvelope.soleBody(envelope.getOwnerDocument(), soapNamespace(envelope));
        } catch (SignedEnvelope.Refusal refusal) {
            throw new VerificationFailure("expected exactly one Body, directly under the Envelope: "
                    + refusal.getMessage(), refusal);
        }
    }

    private static String soapNamespace(Element envelope) throws VerificationFailure {
        String soap = envelope.getNamespaceURI();
        if (!"Envelope".equals(envelope.getLocalName()) || !(SOAP11.equals(soap) || SOAP12.equals(soap))) {
            throw new VerificationFailure("not a SOAP envelope", null);
        }
        return soap;
    }
}
