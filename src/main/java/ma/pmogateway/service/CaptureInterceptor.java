package ma.pmogateway.service;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.security.XmlThreatGuard;
import ma.pmogateway.support.Sha256;

/**
 * Step 1 of the message path: keeps the request bytes exactly as received (the evidence), gives the
 * exchange its identifier, and lets the {@link XmlThreatGuard} refuse hostile XML before any parser
 * builds a tree of it.
 *
 * <p>The body is read at most once and never beyond the size limit, so an oversized request costs
 * no more memory than the limit.
 */
final class CaptureInterceptor extends AbstractPhaseInterceptor<Message> {

    private final XmlThreatGuard guard;
    private final int maxBytes;

    CaptureInterceptor(XmlThreatGuard guard, int maxBytes) {
        super(Phase.RECEIVE);
        this.guard = guard;
        this.maxBytes = maxBytes;
    }

    @Override
    public void handleMessage(Message message) {
        if (!"POST".equals(message.get(Message.HTTP_REQUEST_METHOD))) {
            return; // ?wsdl and ?xsd requests carry no message.
        }
        String contentType = (String) message.get(Message.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("charset")) {
            // No charset declared: XML's default is UTF-8 (not HTTP's ISO-8859-1), and the answer uses it too.
            message.put(Message.ENCODING, "UTF-8");
        }
        String exchangeId = UUID.randomUUID().toString();
        // Milliseconds: what every supported database stores exactly, so the journal's hash recomputes.
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ReceivedRequest request;
        try {
            request = ReceivedRequest.read(message.getContent(InputStream.class), maxBytes, exchangeId, receivedAt);
        } catch (GatewayException e) {
            // Not kept: the journal records the refusal and its reason, not an unreadable or oversized body.
            throw refuse(message, exchangeId, receivedAt, e);
        }
        RequestAttributes.setReceived(message, request);
        message.setContent(InputStream.class, new ByteArrayInputStream(request.bytes()));
        try {
            guard.inspect(request.bytes());
        } catch (GatewayException e) {
            throw new Fault(e);
        }
    }

    private static Fault refuse(Message message, String exchangeId, Instant receivedAt, GatewayException error) {
        byte[] nothing = new byte[0];
        RequestAttributes.setReceived(message, new ReceivedRequest(exchangeId, receivedAt, nothing, Sha256.hex(nothing)));
        return new Fault(error);
    }
}
