package ma.pmogateway.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

import org.apache.cxf.interceptor.StaxOutInterceptor;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.ResponseNature;
import ma.pmogateway.security.VerifiedSender;

/**
 * The last step of the message path: journals the answer exactly as it leaves the gateway (signed,
 * serialised, in its charset), then lets it go.
 *
 * <p>The answer is held until it is complete, stored as a link of the journal's chain, and only then
 * written to the caller. A submission's exchange record is already committed by then (its receipt must
 * not depend on this step); a read-only request (dry run, state or feedback query) is journaled here,
 * with its answer, in one transaction. If the answer cannot be stored, the failure is logged and the
 * answer still sent: what the caller did is already durable, or changed nothing.
 */
final class ResponseJournalInterceptor extends AbstractPhaseInterceptor<Message> {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseJournalInterceptor.class);

    private final Journal journal;
    private final ResponseNature nature;

    /** Creates the step for the normal out chain ({@link ResponseNature#REPONSE}) or the fault chain. */
    ResponseJournalInterceptor(Journal journal, ResponseNature nature) {
        super(Phase.PRE_STREAM);
        // Before the XML writer is created on the stream: every byte must go through the buffer.
        addBefore(StaxOutInterceptor.class.getName());
        this.journal = journal;
        this.nature = nature;
    }

    @Override
    public void handleMessage(Message message) {
        OutputStream wire = message.getContent(OutputStream.class);
        ReceivedRequest request = RequestAttributes.received(message.getExchange());
        if (wire != null && request != null) {
            message.setContent(OutputStream.class, new HeldAnswer(wire, message.getExchange(), request));
        }
    }

    /** The answer's bytes, journaled when the answer is complete, then written to the caller. */
    private final class HeldAnswer extends ByteArrayOutputStream {

        private final OutputStream wire;
        private final Exchange exchange;
        private final ReceivedRequest request;
        private boolean closed;

        HeldAnswer(OutputStream wire, Exchange exchange, ReceivedRequest request) {
            super(4096);
            this.wire = wire;
            this.exchange = exchange;
            this.request = request;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            byte[] answer = toByteArray();
            record(answer);
            try (wire) {
                wire.write(answer);
            }
        }

        private void record(byte[] answer) {
            Instant sentAt = Instant.now();
            try {
                if (RequestAttributes.journaled(exchange)) {
                    journal.recordResponse(request.exchangeId(), nature, answer, sentAt);
                } else if (nature == ResponseNature.REPONSE) {
                    VerifiedSender sender = RequestAttributes.sender(exchange);
                    journal.recordAnswered(request, RequestAttributes.operation(exchange),
                            sender == null ? null : sender.sender().code(), sender == null ? null : sender.thumbprint(),
                            answer, sentAt);
                    RequestAttributes.markJournaled(exchange);
                } else {
                    LOG.error("Fault for request {} not journaled: its refusal could not be recorded",
                            request.exchangeId());
                }
            } catch (GatewayException e) {
                LOG.error("Answer to request {} could not be journaled; sent all the same", request.exchangeId(), e);
            }
        }
    }
}
