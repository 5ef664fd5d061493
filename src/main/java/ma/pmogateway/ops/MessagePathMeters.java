package ma.pmogateway.ops;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;

import org.apache.cxf.interceptor.InterceptorProvider;
import org.apache.cxf.interceptor.StaxOutInterceptor;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.security.wss4j.PolicyBasedWSS4JInInterceptor;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.security.SignatureCoverageInterceptor;
import ma.pmogateway.security.VerifiedSender;

/**
 * Measures the message path of a CXF endpoint from outside its steps, by interceptors placed around
 * them: the security steps (WS-Security and the signature coverage) and the answer (from the end of the endpoint to the last byte written, journaling included);
 * and, once the answer is written, tells the {@link ExchangeLog} how the exchange ended.
 *
 * <p>The error of a refusal is read from the exchange under {@code GatewayException.class}, where the
 * fault translation puts the error it answers.
 */
public final class MessagePathMeters {

    private static final String RESPONSE_JOURNAL = "ma.pmogateway.service.ResponseJournalInterceptor";
    private static final String MARK = MessagePathMeters.class.getName() + ".";

    private MessagePathMeters() {
    }

    /** Adds the measuring interceptors to {@code endpoint}, reporting to {@code observability}. */
    public static void install(InterceptorProvider endpoint, Observability observability) {
        StepTimer steps = observability.steps();
        endpoint.getInInterceptors().add(new Mark(Phase.PRE_PROTOCOL, StepTimer.SECURITY, null, steps)
                .before(PolicyBasedWSS4JInInterceptor.class.getName()));
        endpoint.getInInterceptors().add(new Mark(Phase.PRE_PROTOCOL, null, StepTimer.SECURITY, steps)
                .after(SignatureCoverageInterceptor.class.getName()));
        for (var chain : java.util.List.of(endpoint.getOutInterceptors(), endpoint.getOutFaultInterceptors())) {
            // A step a refusal interrupted still took its time: it ends where the answer begins.
            chain.add(new Mark(Phase.SETUP, null, StepTimer.SECURITY, steps));
            chain.add(new Mark(Phase.SETUP, StepTimer.ANSWER, null, steps));
            chain.add(new Completion(observability.exchanges(), steps));
        }
    }

    /** Starts and/or ends a step: the time between its start mark and its end mark on one exchange. */
    private static final class Mark extends AbstractPhaseInterceptor<Message> {

        private final String starts;
        private final String ends;
        private final StepTimer steps;

        Mark(String phase, String starts, String ends, StepTimer steps) {
            super(MARK + phase + "." + starts + "." + ends, phase);
            this.starts = starts;
            this.ends = ends;
            this.steps = steps;
        }

        Mark before(String interceptor) {
            addBefore(interceptor);
            return this;
        }

        Mark after(String interceptor) {
            addAfter(interceptor);
            return this;
        }

        @Override
        public void handleMessage(Message message) {
            Exchange exchange = message.getExchange();
            if (ends != null && exchange.get(MARK + ends) instanceof Long started) {
                exchange.remove(MARK + ends);
                steps.record(ends, Duration.ofNanos(System.nanoTime() - started));
            }
            if (starts != null) {
                exchange.put(MARK + starts, System.nanoTime());
            }
        }
    }

    /** Wraps the answer's stream outside the journaling one: when the answer is written, the exchange ended. */
    private static final class Completion extends AbstractPhaseInterceptor<Message> {

        private final ExchangeLog exchanges;
        private final StepTimer steps;

        Completion(ExchangeLog exchanges, StepTimer steps) {
            super(Phase.PRE_STREAM);
            addAfter(RESPONSE_JOURNAL);
            addBefore(StaxOutInterceptor.class.getName());
            this.exchanges = exchanges;
            this.steps = steps;
        }

        @Override
        public void handleMessage(Message message) {
            OutputStream wire = message.getContent(OutputStream.class);
            Exchange exchange = message.getExchange();
            if (wire != null && exchange.get(ReceivedRequest.EXCHANGE_KEY) instanceof ReceivedRequest request) {
                message.setContent(OutputStream.class, new Counted(wire, exchange, request));
            }
        }

        private final class Counted extends FilterOutputStream {

            private final Exchange exchange;
            private final ReceivedRequest request;
            private long bytes;
            private boolean closed;

            Counted(OutputStream wire, Exchange exchange, ReceivedRequest request) {
                super(wire);
                this.exchange = exchange;
                this.request = request;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes += len;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    super.close();
                } finally {
                    if (exchange.get(MARK + StepTimer.ANSWER) instanceof Long started) {
                        steps.record(StepTimer.ANSWER, Duration.ofNanos(System.nanoTime() - started));
                    }
                    exchanges.completed(outcome());
                }
            }

            private ExchangeLog.Outcome outcome() {
                GatewayException error = exchange.get(GatewayException.class);
                ExchangeLog.Verdict verdict = error == null ? ExchangeLog.Verdict.OK
                        : error.code().party() == ErrorCode.Party.SENDER ? ExchangeLog.Verdict.REFUSED
                        : ExchangeLog.Verdict.FAILED;
                Message in = exchange.getInMessage();
                VerifiedSender sender = in == null ? null : (VerifiedSender) in.get(VerifiedSender.KEY);
                String operation = exchange.getBindingOperationInfo() == null ? "unknown"
                        : exchange.getBindingOperationInfo().getName().getLocalPart();
                return new ExchangeLog.Outcome(request.exchangeId(), sender == null ? null : sender.sender().code(),
                        operation, verdict, error == null ? null : error.code().name(), request.bytes().length, bytes,
                        Duration.between(request.receivedAt(), Instant.now()));
            }
        }
    }
}
