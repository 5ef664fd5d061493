package ma.pmogateway.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.security.wss4j.PolicyBasedWSS4JInInterceptor;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.xml.SecureXml;

/**
 * Checks <em>what</em> was signed, after WSS4J has checked <em>that</em> it was signed, and names the
 * sender: the {@link SignedEnvelope} check on CXF's tree, then the same structure checks on the bytes
 * as received, whose one Body must be the verified one (CXF's tree may differ from them). It then
 * looks the signing certificate up in the {@link SenderRegistry} and
 * leaves a {@link VerifiedSender} in the message. Every refusal is a {@link ErrorCode#SECURITE_REFUSEE}
 * of its own {@link Reason}, whose cause (for the journal only) says what failed.
 */
public final class SignatureCoverageInterceptor extends AbstractSoapInterceptor {

    private final SenderRegistry registry;

    public SignatureCoverageInterceptor(SenderRegistry registry) {
        super(Phase.PRE_PROTOCOL);
        addAfter(PolicyBasedWSS4JInInterceptor.class.getName());
        this.registry = registry;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        SOAPMessage saaj = message.getContent(SOAPMessage.class);
        if (saaj == null) {
            throw refused(Reason.SIG_MISSING, "no SOAP message tree after WS-Security");
        }
        String soapNamespace = message.getVersion().getNamespace();
        SignedEnvelope.Verified verified;
        try {
            verified = SignedEnvelope.check(saaj.getSOAPPart(), soapNamespace, handlerResults(message));
            requireReceivedBodyIsSigned(message, soapNamespace, verified.body());
        } catch (SignedEnvelope.Refusal refusal) {
            throw refused(refusal.reason(), refusal.getMessage());
        }
        X509Certificate certificate = verified.signer();
        Sender sender = registry.identify(certificate)
                .orElseThrow(() -> refused(Reason.SENDER_UNKNOWN,
                        "unregistered certificate " + certificate.getSubjectX500Principal()));
        message.put(VerifiedSender.KEY,
                new VerifiedSender(sender, certificate, SenderRegistry.thumbprint(certificate)));
    }

    /**
     * The same structure checks on the bytes as received, and their one Body equal to the verified one.
     * CXF's SAAJ tree is no faithful copy of the bytes: a Body met inside a header becomes the tree's
     * Body and the envelope's real Body is dropped. The bytes are what the journal keeps as evidence
     * and what the schema validator reads, so they must hold only the signed Body.
     */
    private static void requireReceivedBodyIsSigned(SoapMessage message, String soapNamespace, Element signedBody)
            throws SignedEnvelope.Refusal {
        Document received = parse(receivedBytes(message));
        Element receivedBody = SignedEnvelope.soleBody(received, soapNamespace);
        SignedEnvelope.requireUniqueIds(received.getDocumentElement());
        if (!Arrays.equals(CanonicalXml.exclusive(receivedBody), CanonicalXml.exclusive(signedBody))) {
            throw refused(Reason.SIG_WRAPPING_BODY_MOVED, "the SOAP Body as received is not the signed element");
        }
    }

    /** The request bytes the capture step kept on the exchange under {@link ReceivedRequest#EXCHANGE_KEY}. */
    private static byte[] receivedBytes(SoapMessage message) {
        Object received = message.getExchange().get(ReceivedRequest.EXCHANGE_KEY);
        if (!(received instanceof ReceivedRequest request)) {
            throw refused(Reason.SECURITY_OTHER, "request bytes not captured");
        }
        return request.bytes();
    }

    private static Document parse(byte[] bytes) {
        try {
            return SecureXml.documentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | IOException e) {
            throw refused(Reason.SECURITY_OTHER, "request bytes not readable: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<WSHandlerResult> handlerResults(SoapMessage message) {
        List<WSHandlerResult> results = (List<WSHandlerResult>) message.get(WSHandlerConstants.RECV_RESULTS);
        return results == null ? List.of() : results;
    }

    private static Fault refused(Reason reason, String why) {
        return new Fault(new GatewayException(reason, new SecurityException(why), "-"));
    }
}
