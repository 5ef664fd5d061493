package ma.pmogateway.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

import org.apache.cxf.interceptor.StaxOutInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

import ma.pmogateway.journal.ResponseNature;

/**
 * The last step of the message path: journals the answer exactly as it leaves the gateway (signed,
 * serialised, in its charset), then lets it go.
 *
 * <p>The answer is held until it is complete, stored as a link of the journal's chain, and only then
 * written to the caller. A submission's exchange record is already committed by then (its receipt must
 * not depend on this step); a read-only request (dry run, state or feedback query) is journaled here,
 * with its answer, in one transaction. If the answer cannot be stored, the recorder writes the gap and the
 * answer is still sent: what the caller did is already durable, or changed nothing.
 */
final class ResponseJournalInterceptor extends AbstractPhaseInterceptor<Message> {

    private final ExchangeRecorder recorder;
    private final ResponseNature nature;

    /** Creates the step for the normal out chain ({@link ResponseNature#REPONSE}) or the fault chain. */
    ResponseJournalInterceptor(ExchangeRecorder recorder, ResponseNature nature) {
        super(Phase.PRE_STREAM);
        // Before the XML writer is created on the stream: every byte must go through the buffer.
        addBefore(StaxOutInterceptor.class.getName());
        this.recorder = recorder;
        this.nature = nature;
    }

    @Override
    public void handleMessage(Message message) {
        OutputStream wire = message.getContent(OutputStream.class);
        Optional<RequestContext> request = RequestContext.of(message.getExchange());
        if (wire != null && request.isPresent()) {
            message.setContent(OutputStream.class, new HeldAnswer(wire, request.get()));
        }
    }

    /** The answer's bytes, journaled when the answer is complete, then written to the caller. */
    private final class HeldAnswer extends ByteArrayOutputStream {

        private final OutputStream wire;
        private final RequestContext request;
        private boolean closed;

        HeldAnswer(OutputStream wire, RequestContext request) {
            super(4096);
            this.wire = wire;
            this.request = request;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            byte[] answer = toByteArray();
            recorder.answered(request, nature, answer, Instant.now());
            try (wire) {
                wire.write(answer);
            }
        }
    }
}
