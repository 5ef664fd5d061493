package ma.pmogateway.pmo;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.exchange.ReceivedRequest;

/**
 * The reference PMO's first step, as a request arrives: the simulated latency; the simulated
 * unavailability when it is answered at the HTTP level (status 503 before any SOAP processing, as a
 * load balancer in front of an unavailable PMO would); and the request bytes, kept on the exchange.
 *
 * <p>The bytes are kept where the gateway's own capture step keeps them (a {@link ReceivedRequest}
 * under its class name), because {@link ma.pmogateway.security.SignatureCoverageInterceptor} reads
 * them there to check that the Body as received is the signed one; the schema check reads them too.
 * They are read at most once and never beyond {@link #MAX_REQUEST_BYTES}. Only POST requests
 * (messages) are delayed, refused or kept; {@code ?wsdl} stays available.
 */
final class ReceptionInterceptor extends AbstractPhaseInterceptor<Message> {

    /** The largest request the sandbox reads: room for a deposit of 1000 items, the schema's maximum. */
    static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ReceptionInterceptor.class);
    private static final String RETRY_AFTER_SECONDS = "30";
    private static final byte[] UNAVAILABLE_TEXT = (DepotError.SERVICE_INDISPONIBLE.text(Locale.FRENCH) + "\n"
            + DepotError.SERVICE_INDISPONIBLE.text(Locale.ENGLISH) + "\n").getBytes(StandardCharsets.UTF_8);

    private final FailureSimulation failures;

    ReceptionInterceptor(FailureSimulation failures) {
        super(Phase.RECEIVE);
        this.failures = failures;
    }

    /** Returns the request kept by this step for {@code message}'s exchange, or null before it ran. */
    static ReceivedRequest received(Message message) {
        return (ReceivedRequest) message.getExchange().get(ReceivedRequest.EXCHANGE_KEY);
    }

    @Override
    public void handleMessage(Message message) {
        if (!"POST".equals(message.get(Message.HTTP_REQUEST_METHOD))) {
            return;
        }
        failures.delay();
        if (failures.response() == FailureSimulation.Response.HTTP_503 && failures.refusesNextRequest()) {
            refuse((HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE));
            message.getInterceptorChain().abort();
            return;
        }
        keep(message);
    }

    private static void keep(Message message) {
        ReceivedRequest request;
        try {
            request = ReceivedRequest.read(message.getContent(InputStream.class), MAX_REQUEST_BYTES,
                    UUID.randomUUID().toString(), Instant.now());
        } catch (GatewayException e) {
            throw new Fault(e);
        }
        message.getExchange().put(ReceivedRequest.EXCHANGE_KEY, request);
        message.setContent(InputStream.class, new ByteArrayInputStream(request.bytes()));
    }

    private static void refuse(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentType("text/plain; charset=UTF-8");
        try {
            response.getOutputStream().write(UNAVAILABLE_TEXT);
            response.flushBuffer();
        } catch (IOException e) {
            // The caller went away: it sees its own I/O error instead of the 503, equally a failure.
            LOG.debug("Simulated unavailability could not be written", e);
        }
    }
}
