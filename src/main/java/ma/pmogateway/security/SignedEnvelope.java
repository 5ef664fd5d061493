package ma.pmogateway.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.wss4j.common.WSS4JConstants;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.message.token.Timestamp;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import ma.pmogateway.error.Reason;

/**
 * What one signed SOAP envelope must hold once WSS4J has checked <em>that</em> it was signed: the one
 * check of <em>what</em> was signed, made alike by the gateway on reception, by the PMO sandbox and by the
 * auditor on stored bytes, so that the audit is exactly as strict as the gateway.
 *
 * <p>Exactly one SOAP Body, directly under the Envelope; no Id value twice; exactly one signature, whose
 * references include this very Body and the Timestamp; only strong algorithms (SHA-256 or stronger
 * digests, RSA-SHA256 or stronger signatures, exclusive canonicalisation); an X.509 signer. WS-SecurityPolicy
 * and WSS4J alone accept a message whose signed Body was moved elsewhere and replaced (signature wrapping).
 */
public final class SignedEnvelope {

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


    /** A failed check: its precise reason and, for the journal or the auditor only, what failed. */
    public static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        private final Reason reason;

        Refusal(Reason reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** What the check established: the one signed Body and the certificate that signed it. */
    public record Verified(Element body, X509Certificate signer) {
    }

    private SignedEnvelope() {
    }

    /**
     * Checks {@code document}, a SOAP envelope of {@code soapNamespace}, against the results WSS4J gave
     * for its security header.
     *
     * @throws Refusal naming the first check that failed
     */
    public static Verified check(Document document, String soapNamespace, List<WSHandlerResult> results)
            throws Refusal {
        Element body = soleBody(document, soapNamespace);
        requireUniqueIds(document.getDocumentElement());
        WSSecurityEngineResult signature = soleSignature(results);
        List<Element> signed = new ArrayList<>();
        for (WSDataRef reference : references(signature)) {
            requireAllowed(reference);
            signed.add(reference.getProtectedElement());
        }
        if (!isAmong(body, signed)) {
            // A signed Body elsewhere is a wrapping attempt; no signed Body at all, a Body left unsigned.
            boolean bodySignedElsewhere = signed.stream().anyMatch(element -> isSoapBody(element, soapNamespace));
            throw new Refusal(bodySignedElsewhere ? Reason.SIG_WRAPPING_BODY_MOVED : Reason.SIG_BODY_NOT_SIGNED,
                    "the SOAP Body read is not the signed element");
        }
        Element timestamp = timestampElement(results);
        if (timestamp == null || !isAmong(timestamp, signed)) {
            throw new Refusal(Reason.SIG_TIMESTAMP_NOT_SIGNED, "Timestamp missing or not signed");
        }
        String method = (String) signature.get(WSSecurityEngineResult.TAG_SIGNATURE_METHOD);
        if (!STRONG_SIGNATURE_METHODS.contains(method)) {
            throw new Refusal(Reason.ALG_SIGNATURE_METHOD, "signature method " + method);
        }
        String c14n = (String) signature.get(WSSecurityEngineResult.TAG_CANONICALIZATION_METHOD);
        if (!WSS4JConstants.C14N_EXCL_OMIT_COMMENTS.equals(c14n) && !WSS4JConstants.C14N_EXCL_WITH_COMMENTS.equals(c14n)) {
            throw new Refusal(Reason.ALG_CANONICALIZATION, "canonicalization " + c14n);
        }
        X509Certificate certificate = (X509Certificate) signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
        if (certificate == null) {
            throw new Refusal(Reason.SIG_NO_CERTIFICATE, "signature without X.509 certificate");
        }
        return new Verified(body, certificate);
    }

    /** Node identity, as DOM defines it: SAAJ may hand out different wrapper objects for one node. */
    private static boolean isAmong(Element element, List<Element> elements) {
        return elements.stream().anyMatch(element::isSameNode);
    }

    /**
     * Returns the one SOAP Body of {@code document}, directly under its Envelope.
     *
     * @throws Refusal {@link Reason#SIG_WRAPPING_BODY_COUNT} if there is none, or any other Body anywhere
     */
    public static Element soleBody(Document document, String soapNamespace) throws Refusal {
        Element envelope = document.getDocumentElement();
        Element body = null;
        for (Node child = envelope.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && isSoapBody(element, soapNamespace)) {
                if (body != null) {
                    throw new Refusal(Reason.SIG_WRAPPING_BODY_COUNT, "more than one SOAP Body under the Envelope");
                }
                body = element;
            }
        }
        if (body == null) {
            throw new Refusal(Reason.SIG_WRAPPING_BODY_COUNT, "no SOAP Body under the Envelope");
        }
        int bodies = countBodies(envelope, soapNamespace);
        if (bodies != 1) {
            throw new Refusal(Reason.SIG_WRAPPING_BODY_COUNT, bodies + " SOAP Body elements in the message");
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

    /**
     * Requires every Id a signature reference can resolve to occur once in {@code root}.
     *
     * @throws Refusal {@link Reason#SIG_WRAPPING_DUPLICATE_ID} naming the repeated value
     */
    public static void requireUniqueIds(Element root) throws Refusal {
        Set<String> seen = new HashSet<>();
        List<Element> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Element element = pending.remove(pending.size() - 1);
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                if (isIdAttribute(attribute) && !seen.add(attribute.getValue())) {
                    throw new Refusal(Reason.SIG_WRAPPING_DUPLICATE_ID, "duplicate Id " + attribute.getValue());
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

    private static WSSecurityEngineResult soleSignature(List<WSHandlerResult> results) throws Refusal {
        List<WSSecurityEngineResult> signatures = new ArrayList<>();
        for (WSHandlerResult result : results) {
            signatures.addAll(result.getActionResults().getOrDefault(WSConstants.SIGN, List.of()));
        }
        if (signatures.size() != 1) {
            throw new Refusal(signatures.isEmpty() ? Reason.SIG_MISSING : Reason.SIG_COUNT,
                    signatures.size() + " signatures instead of one");
        }
        return signatures.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<WSDataRef> references(WSSecurityEngineResult signature) {
        List<WSDataRef> references = (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        return references == null ? List.of() : references;
    }

    private static Element timestampElement(List<WSHandlerResult> results) {
        for (WSHandlerResult result : results) {
            for (WSSecurityEngineResult ts : result.getActionResults().getOrDefault(WSConstants.TS, List.of())) {
                Timestamp timestamp = (Timestamp) ts.get(WSSecurityEngineResult.TAG_TIMESTAMP);
                if (timestamp != null) {
                    return timestamp.getElement();
                }
            }
        }
        return null;
    }

    private static void requireAllowed(WSDataRef reference) throws Refusal {
        if (!STRONG_DIGESTS.contains(reference.getDigestAlgorithm())) {
            throw new Refusal(Reason.ALG_DIGEST, "digest " + reference.getDigestAlgorithm());
        }
        for (String transform : reference.getTransformAlgorithms()) {
            if (!ALLOWED_TRANSFORMS.contains(transform)) {
                throw new Refusal(Reason.ALG_CANONICALIZATION, "transform " + transform);
            }
        }
    }

}
