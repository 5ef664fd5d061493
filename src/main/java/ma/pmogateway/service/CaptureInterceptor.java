package ma.pmogateway.service;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.security.XmlThreatGuard;
import ma.pmogateway.support.Sha256;

/**
 * Step 1 of the message path: keeps the request bytes exactly as received (the evidence), gives the
 * exchange its identifier, refuses what is no SOAP request at all (another HTTP method, another
 * content type, a charset the gateway cannot read), and lets the {@link XmlThreatGuard} refuse hostile
 * XML before any parser builds a tree of it.
 *
 * <p>The body is read at most once and never beyond the size limit, so an oversized request costs
 * no more memory than the limit. GET {@code ?wsdl} and {@code ?xsd=} pass untouched to CXF, which
 * serves the published documents: reads of public documents, not journaled.
 */
final class CaptureInterceptor extends AbstractPhaseInterceptor<Message> {

    /**
     * Request attribute naming the charset that the request declared and Java cannot decode; set by the
     * servlet filter in front of CXF, which would otherwise fail before any interceptor runs.
     */
    static final String UNSUPPORTED_CHARSET = CaptureInterceptor.class.getName() + ".unsupportedCharset";

    private final XmlThreatGuard guard;
    private final int maxBytes;

    CaptureInterceptor(XmlThreatGuard guard, int maxBytes) {
        super(Phase.RECEIVE);
        // A bogus multipart must be refused as such, before CXF looks for its parts.
        addBefore(AttachmentInInterceptor.class.getName());
        this.guard = guard;
        this.maxBytes = maxBytes;
    }

    @Override
    public void handleMessage(Message message) {
        String method = (String) message.get(Message.HTTP_REQUEST_METHOD);
        if ("GET".equals(method) && isDocumentQuery((String) message.get(Message.QUERY_STRING))) {
            return;
        }
        String contentType = (String) message.get(Message.CONTENT_TYPE);
        String charset = contentType == null ? null : parameter(contentType, "charset");
        if (charset == null) {
            // No charset declared: XML's default is UTF-8 (not HTTP's ISO-8859-1), and the answer, a fault
            // included, uses it too.
            message.put(Message.ENCODING, "UTF-8");
        }
        if (!"POST".equals(method)) {
            throw new Fault(refuseUnread(message, FaultDetails.clientMistake(Reason.HTTP_METHOD_NOT_ALLOWED, null,
                    method)));
        }
        ReceivedRequest request;
        try {
            request = ReceivedRequest.read(message.getContent(InputStream.class), maxBytes, UUID.randomUUID().toString(),
                    now());
        } catch (GatewayException e) {
            // Not kept: the journal records the refusal and its reason, not an unreadable or oversized body.
            throw new Fault(refuseUnread(message, e));
        }
        RequestContext.start(message, request);
        message.setContent(InputStream.class, new ByteArrayInputStream(request.bytes()));
        HttpServletRequest http = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        Object unsupported = http == null ? null : http.getAttribute(UNSUPPORTED_CHARSET);
        if (unsupported != null) {
            throw new Fault(FaultDetails.clientMistake(Reason.XML_MALFORMED, null, "charset " + unsupported));
        }
        if (charset != null && !isText(request.bytes(), charset)) {
            throw new Fault(FaultDetails.clientMistake(Reason.XML_MALFORMED, null, "charset " + charset));
        }
        if (!isSoapContentType(contentType, request.bytes())) {
            throw new Fault(FaultDetails.clientMistake(Reason.HTTP_CONTENT_TYPE, null, contentType));
        }
        try {
            guard.inspect(request.bytes());
        } catch (GatewayException e) {
            throw new Fault(e);
        }
    }

    /**
     * Gives an exchange whose body was not kept its identifier and an empty request, so that its refusal
     * is journaled under the correlation id the caller receives, and returns {@code error}.
     */
    static GatewayException refuseUnread(Message message, GatewayException error) {
        byte[] nothing = new byte[0];
        RequestContext.start(message, new ReceivedRequest(UUID.randomUUID().toString(), now(), nothing, Sha256.hex(nothing)));
        return error;
    }

    /** Milliseconds: what every supported database stores exactly, so the journal's hash recomputes. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * True if {@code bytes} decode in {@code charset} without error and without U+0000, which XML
     * never allows (UTF-16 bytes labelled UTF-8 decode, but to NULs).
     */
    private static boolean isText(byte[] bytes, String charset) {
        try {
            CharBuffer text = Charset.forName(charset).newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return text.chars().noneMatch(c -> c == 0);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isDocumentQuery(String query) {
        return query != null && (query.equalsIgnoreCase("wsdl") || query.toLowerCase(Locale.ROOT).startsWith("xsd="));
    }

    /**
     * SOAP 1.1's text/xml, SOAP 1.2's application/soap+xml, or a multipart whose boundary the body
     * contains (CXF reads its root part); the binding then checks that the version is the address's.
     */
    private static boolean isSoapContentType(String contentType, byte[] body) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/xml") || type.startsWith("application/soap+xml")) {
            return true;
        }
        String boundary = parameter(contentType, "boundary");
        return type.startsWith("multipart/related") && boundary != null
                && new String(body, StandardCharsets.ISO_8859_1).contains("--" + boundary);
    }

    /** The value of media-type parameter {@code name} of {@code contentType}, unquoted, or null. */
    static String parameter(String contentType, String name) {
        for (String part : contentType.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase(name)) {
                return pair[1].trim().replaceAll("^\"|\"$", "");
            }
        }
        return null;
    }
}
