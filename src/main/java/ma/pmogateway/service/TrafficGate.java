package ma.pmogateway.service;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.soap.SOAPMessage;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Reason;

/**
 * Whether this node takes traffic: the first handler of the gateway's port. Until every endpoint is
 * published, and again from the moment the node starts stopping, it answers every request itself with a
 * retryable {@link ErrorCode#SERVICE_INDISPONIBLE} SOAP fault (HTTP 503, Receiver/Server), never the
 * container's 404; meanwhile it counts the requests it let through until their answer is sent, so that a
 * stop waits for them.
 *
 * <p>Such an answer is not journaled: the request is not read. It is logged, one line each. Thread-safe.
 */
final class TrafficGate extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficGate.class);

    private enum State { STARTING, OPEN, STOPPING }

    private final String exemptPath;
    private volatile State state = State.STARTING;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();
    private final byte[] soap12Fault = fault(SOAPConstants.SOAP_1_2_PROTOCOL);
    private final byte[] soap11Fault = fault(SOAPConstants.SOAP_1_1_PROTOCOL);

    /** Creates a closed gate; requests under {@code exemptPath} (the PMO sandbox's) always pass. */
    TrafficGate(String exemptPath) {
        this.exemptPath = exemptPath;
    }

    /** Lets requests through: every endpoint is published. */
    void open() {
        state = State.OPEN;
    }

    /** True once {@link #open} was called and until {@link #drain}: the node takes requests. */
    boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * Stops letting requests through and waits, at most {@code timeout}, until those let through before
     * have been answered.
     *
     * @return the number of requests still unanswered when the wait ended (0 if all were)
     */
    int drain(Duration timeout) {
        state = State.STOPPING;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    drained.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return inFlight.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (request.getHttpURI().getPath().startsWith(exemptPath)) {
            return false;
        }
        if (state == State.OPEN) {
            inFlight.incrementAndGet();
            request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
                @Override
                public void succeeded() {
                    super.succeeded();
                    answered();
                }

                @Override
                public void failed(Throwable x) {
                    super.failed(x);
                    answered();
                }
            });
            return false; // on to the endpoints
        }
        LOG.warn("Request to {} refused: {} ({}, node {})", request.getHttpURI().getPath(),
                ErrorCode.SERVICE_INDISPONIBLE, Reason.NODE_NOT_READY, state.name().toLowerCase(Locale.ROOT));
        boolean soap12 = String.valueOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE))
                .toLowerCase(Locale.ROOT).startsWith("application/soap+xml");
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE,
                (soap12 ? "application/soap+xml" : "text/xml") + "; charset=UTF-8");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(soap12 ? soap12Fault : soap11Fault), callback);
        return true;
    }

    private void answered() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** The fault of a node not taking traffic, in SOAP {@code protocol}, as the endpoints would write it. */
    private static byte[] fault(String protocol) {
        GatewayException error = new GatewayException(Reason.NODE_NOT_READY, null, "-");
        try {
            SOAPMessage message = MessageFactory.newInstance(protocol).createMessage();
            message.getSOAPHeader().detachNode();
            boolean soap12 = SOAPConstants.SOAP_1_2_PROTOCOL.equals(protocol);
            SOAPFault fault = message.getSOAPBody().addFault(soap12 ? error.code().soap12FaultCode()
                    : error.code().soap11FaultCode(), FaultDetails.text(error, Messages.FRENCH, "-"), Locale.FRENCH);
            fault.addDetail().appendChild(fault.getOwnerDocument().importNode(FaultDetails.render(error, "-"), true));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toByteArray();
        } catch (SOAPException | java.io.IOException e) {
            throw new IllegalStateException("the not-ready fault cannot be written", e);
        }
    }
}
