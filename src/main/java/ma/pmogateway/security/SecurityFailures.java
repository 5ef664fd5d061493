package ma.pmogateway.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.ws.policy.PolicyException;
import org.apache.wss4j.common.WSS4JConstants;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import ma.pmogateway.error.Reason;
import ma.pmogateway.xml.SecureXml;

/**
 * Names the precise {@link Reason} of a WS-Security failure, for the journal: the caller still learns
 * only that the security was refused.
 *
 * <p>WSS4J often loses the cause ("An error was discovered processing the &lt;wsse:Security&gt;
 * header" for a wrong algorithm, "The message has expired" for a Timestamp from the future). So the
 * reason is taken, in this order, from: what the gateway's own checks recorded on the exchange when
 * they refused ({@link #record}: certificate policy and trust, Timestamp freshness, replay registry);
 * what the request itself shows (Security headers, signatures, algorithms, signed parts, as the
 * policy requires them); WSS4J's error code; the names of the policy assertions CXF could not satisfy.
 */
public final class SecurityFailures {

    /**
     * A classified security failure.
     *
     * @param reason the precise defence that fired
     * @param detail what it found, for the journal and the log only
     */
    public record Failure(Reason reason, String detail) {
    }

    private static final String KEY = SecurityFailures.class.getName();
    private static final String WSSE_FAULT_NS = WSSecurityException.NS_WSSE10;
    private static final String SP_NS = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702";
    /** The one signature method, canonicalisation and digest of the v1 policy (docs/SECURITY.md §2). */
    private static final String SIGNATURE_METHOD = WSS4JConstants.RSA_SHA256;
    private static final Set<String> CANONICALIZATIONS =
            Set.of(WSS4JConstants.C14N_EXCL_OMIT_COMMENTS, WSS4JConstants.C14N_EXCL_WITH_COMMENTS);
    private static final String DIGEST = WSS4JConstants.SHA256;
    private static final Set<String> TRANSFORMS = Set.of(WSS4JConstants.C14N_EXCL_OMIT_COMMENTS,
            WSS4JConstants.C14N_EXCL_WITH_COMMENTS);

    private SecurityFailures() {
    }

    /**
     * Records, on the exchange served by this thread, that the check of {@code reason} refused the
     * request, having found {@code detail}. The first record wins: it is the check that failed first.
     * Outside a CXF exchange (a unit test) this does nothing.
     */
    static void record(Reason reason, String detail) {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        if (message != null && message.getExchange() != null) {
            message.getExchange().putIfAbsent(KEY, new Failure(reason, detail));
        }
    }

    /**
     * Returns the classified security failure behind {@code failure}, which stopped the request
     * {@code received} (its bytes, possibly empty) on {@code exchange}; empty if {@code failure} is no
     * WS-Security or security-policy failure and no security check recorded one.
     */
    public static Optional<Failure> classify(Throwable failure, Exchange exchange, byte[] received) {
        if (exchange.get(KEY) instanceof Failure recorded) {
            return Optional.of(recorded);
        }
        WSSecurityException wss = find(failure, WSSecurityException.class);
        PolicyException policy = find(failure, PolicyException.class);
        if (wss == null && policy == null && !isWsSecurityFault(failure)) {
            return Optional.empty();
        }
        Optional<Failure> shown = diagnose(received);
        if (shown.isPresent()) {
            return shown;
        }
        if (wss != null && wss.getErrorCode() != null) {
            Optional<Reason> reason = switch (wss.getErrorCode()) {
                case FAILED_CHECK -> Optional.of(Reason.SIG_INVALID);
                case MESSAGE_EXPIRED -> Optional.of(Reason.TIMESTAMP_EXPIRED);
                case FAILED_AUTHENTICATION -> Optional.of(Reason.CERT_UNTRUSTED);
                case UNSUPPORTED_ALGORITHM -> Optional.of(Reason.ALG_SIGNATURE_METHOD);
                case SECURITY_TOKEN_UNAVAILABLE, INVALID_SECURITY_TOKEN, UNSUPPORTED_SECURITY_TOKEN ->
                        Optional.of(Reason.SIG_NO_CERTIFICATE);
                default -> Optional.empty();
            };
            if (reason.isPresent()) {
                return Optional.of(new Failure(reason.get(), "WSS4J " + wss.getErrorCode() + ": " + wss.getMessage()));
            }
        }
        String messages = messages(failure);
        return Optional.of(new Failure(policyReason(messages), "WS-Security or policy: " + messages));
    }

    /** The messages of {@code failure} and its causes (CXF puts the assertion names in one of them). */
    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString().strip();
    }

    /**
     * The unsatisfied policy assertion, by its name in CXF's message ("{sp}Layout: …"); a missing
     * Timestamp or unsigned part is named by {@link #diagnose} before this is asked.
     */
    private static Reason policyReason(String messages) {
        if (messages.contains("{" + SP_NS + "}Layout")) {
            return Reason.POLICY_LAYOUT;
        }
        return messages.contains(SP_NS) ? Reason.POLICY_NOT_SATISFIED : Reason.SECURITY_OTHER;
    }

    /**
     * What the request shows that the policy forbids, in the order WSS4J and the policy check it:
     * the Security header (one), the signature (one), its algorithms, the Timestamp, the signed parts.
     */
    private static Optional<Failure> diagnose(byte[] received) {
        Document document = parse(received);
        if (document == null) {
            return Optional.empty();
        }
        Element envelope = document.getDocumentElement();
        List<Element> headers = children(firstChild(envelope, "Header"), WSS4JConstants.WSSE_NS,
                WSS4JConstants.WSSE_LN);
        if (headers.size() != 1) {
            return failure(headers.isEmpty() ? Reason.SIG_MISSING : Reason.SIG_COUNT,
                    headers.size() + " wsse:Security headers");
        }
        Element security = headers.get(0);
        NodeList signatures = envelope.getElementsByTagNameNS(WSS4JConstants.SIG_NS, "Signature");
        if (signatures.getLength() != 1) {
            return failure(signatures.getLength() == 0 ? Reason.SIG_MISSING : Reason.SIG_COUNT,
                    signatures.getLength() + " ds:Signature elements");
        }
        Element signature = (Element) signatures.item(0);
        String method = algorithm(signature, "SignatureMethod");
        if (!SIGNATURE_METHOD.equals(method)) {
            return failure(Reason.ALG_SIGNATURE_METHOD, "SignatureMethod " + method);
        }
        String c14n = algorithm(signature, "CanonicalizationMethod");
        if (!CANONICALIZATIONS.contains(c14n)) {
            return failure(Reason.ALG_CANONICALIZATION, "CanonicalizationMethod " + c14n);
        }
        List<String> referenced = new ArrayList<>();
        for (Element reference : descendants(signature, "Reference")) {
            String digest = algorithm(reference, "DigestMethod");
            if (!DIGEST.equals(digest)) {
                return failure(Reason.ALG_DIGEST, "DigestMethod " + digest);
            }
            for (Element transform : descendants(reference, "Transform")) {
                if (!TRANSFORMS.contains(transform.getAttribute("Algorithm"))) {
                    return failure(Reason.ALG_CANONICALIZATION, "Transform " + transform.getAttribute("Algorithm"));
                }
            }
            referenced.add(reference.getAttribute("URI").replaceFirst("^#", ""));
        }
        List<Element> timestamps = children(security, WSS4JConstants.WSU_NS, WSS4JConstants.TIMESTAMP_TOKEN_LN);
        if (timestamps.isEmpty()) {
            return failure(Reason.SIG_TIMESTAMP_NOT_SIGNED, "no wsu:Timestamp in the Security header");
        }
        if (timestamps.size() > 1) {
            return failure(Reason.TIMESTAMP_INVALID, timestamps.size() + " wsu:Timestamp in the Security header");
        }
        if (!referenced.contains(timestamps.get(0).getAttributeNS(WSS4JConstants.WSU_NS, "Id"))) {
            return failure(Reason.SIG_TIMESTAMP_NOT_SIGNED, "the Timestamp is not among the references " + referenced);
        }
        Element body = firstChild(envelope, "Body");
        if (body != null && !referenced.contains(body.getAttributeNS(WSS4JConstants.WSU_NS, "Id"))) {
            return failure(Reason.SIG_BODY_NOT_SIGNED, "the Body is not among the references " + referenced);
        }
        return Optional.empty();
    }

    private static Optional<Failure> failure(Reason reason, String detail) {
        return Optional.of(new Failure(reason, detail));
    }

    private static Document parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return SecureXml.documentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | IOException e) {
            return null;
        }
    }

    /** The Algorithm of the first ds:{@code localName} below {@code parent}, or null. */
    private static String algorithm(Element parent, String localName) {
        List<Element> found = descendants(parent, localName);
        return found.isEmpty() ? null : found.get(0).getAttribute("Algorithm");
    }

    private static List<Element> descendants(Element parent, String dsigLocalName) {
        NodeList found = parent.getElementsByTagNameNS(WSS4JConstants.SIG_NS, dsigLocalName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            elements.add((Element) found.item(i));
        }
        return elements;
    }

    /** The first child of the Envelope named {@code localName} in the Envelope's namespace, or null. */
    private static Element firstChild(Element envelope, String localName) {
        List<Element> found = children(envelope, envelope.getNamespaceURI(), localName);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())
                    && namespace.equals(element.getNamespaceURI())) {
                found.add(element);
            }
        }
        return found;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A fault CXF built from a WS-Security failure: its code is in the wsse namespace. */
    private static boolean isWsSecurityFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Fault fault && fault.getFaultCode() != null
                    && WSSE_FAULT_NS.equals(fault.getFaultCode().getNamespaceURI())) {
                return true;
            }
        }
        return false;
    }
}
