package ma.pmogateway.service;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.security.VerifiedSender;

/**
 * What the steps of the message path learn about one request, kept on its CXF exchange so that the
 * endpoint and the fault translator find it: the request as received, the verified sender, the
 * operation, and whether the journal already recorded it.
 */
final class RequestAttributes {

    private static final String OPERATION = RequestAttributes.class.getName() + ".operation";
    private static final String JOURNALED = RequestAttributes.class.getName() + ".journaled";

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
