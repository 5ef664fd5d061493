package ma.pmogateway.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.ParserConfigurationException;

import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.security.wss4j.PolicyBasedWSS4JInInterceptor;
import org.apache.wss4j.common.WSS4JConstants;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.message.token.Timestamp;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.xml.SecureXml;

/**
 * Checks <em>what</em> was signed, after WSS4J has checked <em>that</em> it was signed, and names the
 * sender.
 *
 * <p>WS-SecurityPolicy and WSS4J accept a message in which the signed Body was moved elsewhere and
 * replaced (signature wrapping). This interceptor requires exactly one SOAP Body, directly under the
 * Envelope, and that this very element, and the Timestamp, be among the elements the one signature
 * references; that no Id value occurs twice; that the same holds of the bytes as received, whose one
 * Body must be the verified one (CXF's tree may differ from them); and that only strong algorithms
 * were used (SHA-256 or stronger digests, RSA-SHA256+ signatures, exclusive
 * canonicalisation). It then looks the signing certificate up in the {@link SenderRegistry} and
 * leaves a {@link VerifiedSender} in the message. Every refusal is a {@link ErrorCode#SECURITE_REFUSEE}
 * of its own {@link Reason}, whose cause (for the journal only) says what failed.
 */
public final class SignatureCoverageInterceptor extends AbstractSoapInterceptor {

    static final Set<String> STRONG_SIGNATURE_METHODS = Set.of(
            WSS4JConstants.RSA_SHA256, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", WSS4JConstants.RSA_SHA512);
    static final Set<String> STRONG_DIGESTS = Set.of(
            WSS4JConstants.SHA256, WSS4JConstants.SHA384, WSS4JConstants.SHA512);
    private static final Set<String> ALLOWED_TRANSFORMS = Set.of(WSS4JConstants.C14N_EXCL_OMIT_COMMENTS,
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
            WSS4JConstants.C14N_EXCL_WITH_COMMENTS, "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform");
    private static final String WSU_NS =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

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
        Document document = saaj.getSOAPPart();
        String soapNamespace = message.getVersion().getNamespace();
        Element body = soleBody(document, soapNamespace);
        requireUniqueIds(document.getDocumentElement());

        WSSecurityEngineResult signature = soleSignature(message);
        List<Element> signed = new ArrayList<>();
        for (WSDataRef reference : references(signature)) {
            requireAllowed(reference);
            signed.add(reference.getProtectedElement());
        }
        if (!isAmong(body, signed)) {
            // A signed Body elsewhere is a wrapping attempt; no signed Body at all, a Body left unsigned.
            boolean bodySignedElsewhere = signed.stream().anyMatch(element -> isSoapBody(element, soapNamespace));
            throw refused(bodySignedElsewhere ? Reason.SIG_WRAPPING_BODY_MOVED : Reason.SIG_BODY_NOT_SIGNED,
                    "the SOAP Body read by the service is not the signed element");
        }
        requireReceivedBodyIsSigned(message, soapNamespace, body);
        Element timestamp = timestampElement(message);
        if (timestamp == null || !isAmong(timestamp, signed)) {
            throw refused(Reason.SIG_TIMESTAMP_NOT_SIGNED, "Timestamp missing or not signed");
        }
        String method = (String) signature.get(WSSecurityEngineResult.TAG_SIGNATURE_METHOD);
        if (!STRONG_SIGNATURE_METHODS.contains(method)) {
            throw refused(Reason.ALG_SIGNATURE_METHOD, "signature method " + method);
        }
        String c14n = (String) signature.get(WSSecurityEngineResult.TAG_CANONICALIZATION_METHOD);
        if (!WSS4JConstants.C14N_EXCL_OMIT_COMMENTS.equals(c14n) && !WSS4JConstants.C14N_EXCL_WITH_COMMENTS.equals(c14n)) {
            throw refused(Reason.ALG_CANONICALIZATION, "canonicalization " + c14n);
        }
        X509Certificate certificate = (X509Certificate) signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
        if (certificate == null) {
            throw refused(Reason.SIG_NO_CERTIFICATE, "signature without X.509 certificate");
        }
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
    private static void requireReceivedBodyIsSigned(SoapMessage message, String soapNamespace, Element signedBody) {
        Document received = parse(receivedBytes(message));
        Element receivedBody = soleBody(received, soapNamespace);
        requireUniqueIds(received.getDocumentElement());
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
            return SecureXml.documentBuilderFactory().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw refused(Reason.SECURITY_OTHER, "request bytes not readable: " + e.getMessage());
        }
    }

    /** Node identity, as DOM defines it: SAAJ may hand out different wrapper objects for one node. */
    private static boolean isAmong(Element element, List<Element> elements) {
        return elements.stream().anyMatch(element::isSameNode);
    }

    private static Element soleBody(Document document, String soapNamespace) {
        Element envelope = document.getDocumentElement();
        Element body = null;
        for (Node child = envelope.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && isSoapBody(element, soapNamespace)) {
                if (body != null) {
                    throw refused(Reason.SIG_WRAPPING_BODY_COUNT, "more than one SOAP Body under the Envelope");
                }
                body = element;
            }
        }
        if (body == null) {
            throw refused(Reason.SIG_WRAPPING_BODY_COUNT, "no SOAP Body under the Envelope");
        }
        int bodies = countBodies(envelope, soapNamespace);
        if (bodies != 1) {
            throw refused(Reason.SIG_WRAPPING_BODY_COUNT, bodies + " SOAP Body elements in the message");
        }
        return body;
    }

    private static boolean isSoapBody(Element element, String soapNamespace) {
        return "Body".equals(element.getLocalName()) && soapNamespace.equals(element.getNamespaceURI());
    }

    private static int countBodies(Element root, String soapNamespace) {
        int count = isSoapBody(root, soapNamespace) ? 1 : 0;
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                count += countBodies(element, soapNamespace);
            }
        }
        return count;
    }

    private static void requireUniqueIds(Element root) {
        Set<String> seen = new HashSet<>();
        List<Element> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Element element = pending.remove(pending.size() - 1);
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                if (isIdAttribute(attribute) && !seen.add(attribute.getValue())) {
                    throw refused(Reason.SIG_WRAPPING_DUPLICATE_ID, "duplicate Id " + attribute.getValue());
                }
            }
            for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element childElement) {
                    pending.add(childElement);
                }
            }
        }
    }

    /**
     * The attributes a signature reference can resolve (wsu:Id, xml:id, and the unqualified Id and ID
     * of XML Signature and WS-Security elements); payload attributes such as ao:Partenaire/@id are
     * application data, unique only within their record.
     */
    private static boolean isIdAttribute(Attr attribute) {
        String namespace = attribute.getNamespaceURI();
        String name = attribute.getLocalName();
        if (namespace == null || namespace.isEmpty()) {
            return "Id".equals(name) || "ID".equals(name);
        }
        return (WSU_NS.equals(namespace) && "Id".equals(name)) || (XML_NS.equals(namespace) && "id".equals(name));
    }

    private static WSSecurityEngineResult soleSignature(SoapMessage message) {
        List<WSSecurityEngineResult> signatures = new ArrayList<>();
        for (WSHandlerResult result : handlerResults(message)) {
            signatures.addAll(result.getActionResults().getOrDefault(WSConstants.SIGN, List.of()));
        }
        if (signatures.size() != 1) {
            throw refused(signatures.isEmpty() ? Reason.SIG_MISSING : Reason.SIG_COUNT,
                    signatures.size() + " signatures instead of one");
        }
        return signatures.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<WSHandlerResult> handlerResults(SoapMessage message) {
        List<WSHandlerResult> results = (List<WSHandlerResult>) message.get(WSHandlerConstants.RECV_RESULTS);
        return results == null ? List.of() : results;
    }

    @SuppressWarnings("unchecked")
    private static List<WSDataRef> references(WSSecurityEngineResult signature) {
        List<WSDataRef> references = (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        return references == null ? List.of() : references;
    }

    private static Element timestampElement(SoapMessage message) {
        for (WSHandlerResult result : handlerResults(message)) {
            for (WSSecurityEngineResult ts : result.getActionResults().getOrDefault(WSConstants.TS, List.of())) {
                Timestamp timestamp = (Timestamp) ts.get(WSSecurityEngineResult.TAG_TIMESTAMP);
                if (timestamp != null) {
                    return timestamp.getElement();
                }
            }
        }
        return null;
    }

    private static void requireAllowed(WSDataRef reference) {
        if (!STRONG_DIGESTS.contains(reference.getDigestAlgorithm())) {
            throw refused(Reason.ALG_DIGEST, "digest " + reference.getDigestAlgorithm());
        }
        for (String transform : reference.getTransformAlgorithms()) {
            if (!ALLOWED_TRANSFORMS.contains(transform)) {
                throw refused(Reason.ALG_CANONICALIZATION, "transform " + transform);
            }
        }
    }

    private static Fault refused(Reason reason, String why) {
        return new Fault(new GatewayException(reason, new SecurityException(why), "-"));
    }
}
