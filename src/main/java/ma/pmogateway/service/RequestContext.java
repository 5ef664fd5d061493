package ma.pmogateway.service;

import java.util.Optional;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.security.VerifiedSender;

/**
 * What the steps of the message path learn about one request, in one typed object kept on its CXF
 * exchange from the capture step on: the request as received, the verified sender (set by the security
 * step), the operation, the batch id its header declares, and whether its evidence is recorded yet.
 *
 * <p>Not thread-safe: one request is served by one thread at a time.
 */
final class RequestContext {

    private final Exchange exchange;
    private final ReceivedRequest received;
    private String operation;
    private String batchId;
    private boolean recorded;

    private RequestContext(Exchange exchange, ReceivedRequest received) {
        this.exchange = exchange;
        this.received = received;
    }

    /** Starts the context of {@code message}'s request, received as {@code received}. */
    static RequestContext start(Message message, ReceivedRequest received) {
        RequestContext context = new RequestContext(message.getExchange(), received);
        message.getExchange().put(RequestContext.class, context);
        // The security step (signature coverage) reads the bytes under this neutral key.
        message.getExchange().put(ReceivedRequest.EXCHANGE_KEY, received);
        return context;
    }

    /** Returns the context of {@code exchange}, or empty if the capture step never ran for it. */
    static Optional<RequestContext> of(Exchange exchange) {
        return Optional.ofNullable(exchange.get(RequestContext.class));
    }

    /** Returns the context of the request being served on this thread (the service methods' only way to it). */
    static RequestContext current() {
        return of(PhaseInterceptorChain.getCurrentMessage().getExchange())
                .orElseThrow(() -> new IllegalStateException("no request captured on this thread"));
    }

    ReceivedRequest received() {
        return received;
    }

    String exchangeId() {
        return received.exchangeId();
    }

    /** The sender the security step verified, or empty if it did not get that far. */
    Optional<VerifiedSender> sender() {
        Message in = exchange.getInMessage();
        return Optional.ofNullable(in == null ? null : (VerifiedSender) in.get(VerifiedSender.KEY));
    }

    /** The sender, for steps that run only after the security step named it. */
    VerifiedSender verifiedSender() {
        return sender().orElseThrow(() -> new IllegalStateException("no verified sender after the security step"));
    }

    String senderCode() {
        return sender().map(s -> s.sender().code()).orElse(null);
    }

    String senderThumbprint() {
        return sender().map(VerifiedSender::thumbprint).orElse(null);
    }

    Exchange exchange() {
        return exchange;
    }

    String operation() {
        return operation;
    }

    void operation(String name) {
        this.operation = name;
    }

    /** The batch id the request's header declares, so that a refusal's record names it too. */
    String batchId() {
        return batchId;
    }

    void batchId(String id) {
        this.batchId = id;
    }

    /** True once the exchange's record (acceptance, transfer, refusal or answer) is in the journal. */
    boolean recorded() {
        return recorded;
    }

    void markRecorded() {
        this.recorded = true;
    }
}
