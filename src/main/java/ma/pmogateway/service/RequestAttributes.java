package ma.pmogateway.service;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.security.VerifiedSender;

/**
 * What the steps of the message path learn about one request, kept on its CXF exchange so that the
 * endpoint and the fault translator find it: the request as received, the verified sender, the
 * operation, the batch id its header declares, and whether the journal already recorded it.
 */
final class RequestAttributes {

    private static final String OPERATION = RequestAttributes.class.getName() + ".operation";
    private static final String JOURNALED = RequestAttributes.class.getName() + ".journaled";
    private static final String BATCH_ID = RequestAttributes.class.getName() + ".batchId";

    private RequestAttributes() {
    }

    static void setReceived(Message message, ReceivedRequest request) {
        message.getExchange().put(ReceivedRequest.EXCHANGE_KEY, request);
    }

    static ReceivedRequest received(Exchange exchange) {
        return (ReceivedRequest) exchange.get(ReceivedRequest.EXCHANGE_KEY);
    }

    static VerifiedSender sender(Exchange exchange) {
        Message in = exchange.getInMessage();
        return in == null ? null : (VerifiedSender) in.get(VerifiedSender.KEY);
    }

    static void setOperation(Message message, String operation) {
        message.getExchange().put(OPERATION, operation);
    }

    static String operation(Exchange exchange) {
        return (String) exchange.get(OPERATION);
    }

    /** Records the batch id the request's header declares, so that a refusal's record names it too. */
    static void setBatchId(Exchange exchange, String batchId) {
        exchange.put(BATCH_ID, batchId);
    }

    static String batchId(Exchange exchange) {
        return (String) exchange.get(BATCH_ID);
    }

    static void markJournaled(Exchange exchange) {
        exchange.put(JOURNALED, Boolean.TRUE);
    }

    static boolean journaled(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.get(JOURNALED));
    }

    /** Returns the exchange of the request being served on this thread. */
    static Exchange current() {
        return PhaseInterceptorChain.getCurrentMessage().getExchange();
    }
}
