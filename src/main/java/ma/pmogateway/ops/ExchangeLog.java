package ma.pmogateway.ops;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One structured line per exchange (logger {@code ma.pmogateway.exchange}: exchange id, sender,
 * operation, verdict and code, sizes, duration) and the request meters: requests by operation and
 * outcome, their duration and sizes. Labels are bounded (operations of the contract, error codes);
 * no sender, project or exchange id is a label.
 */
public final class ExchangeLog {

    private static final Logger LOG = LoggerFactory.getLogger("ma.pmogateway.exchange");

    /** How an exchange ended. */
    public enum Verdict {
        /** Served: a receipt, a report, a state or a page of feedback. */
        OK,
        /** Refused for the caller's reason (a Sender fault): expected, the journal holds the cause. */
        REFUSED,
        /** Failed for the gateway's reason (a Receiver fault). */
        FAILED
    }

    /**
     * One exchange as it ended.
     *
     * @param operation the operation of the contract, or {@code unknown} when none was recognised
     * @param sender    the verified sender's code, or null when none was verified
     * @param code      the error code of a refusal or failure, or null when served
     */
    public record Outcome(String exchangeId, String sender, String operation, Verdict verdict, String code,
            long requestBytes, long responseBytes, Duration duration) {
    }

    private final MeterRegistry registry;
    private final DistributionSummary requestSizes;
    private final DistributionSummary responseSizes;

    ExchangeLog(MeterRegistry registry) {
        this.registry = registry;
        this.requestSizes = DistributionSummary.builder("pmogateway.request.size").baseUnit("bytes")
                .description("Size of the requests as received").register(registry);
        this.responseSizes = DistributionSummary.builder("pmogateway.response.size").baseUnit("bytes")
                .description("Size of the answers as sent").register(registry);
    }

    /** Logs {@code outcome} and counts it. */
    public void completed(Outcome outcome) {
        String code = outcome.code() == null ? "OK" : outcome.code();
        Counter.builder("pmogateway.requests").description("Requests by operation and outcome code")
                .tag("operation", outcome.operation()).tag("outcome", code).register(registry).increment();
        Timer.builder("pmogateway.request.duration").description("Time from reception to the answer sent")
                .tag("operation", outcome.operation())
                .tag("verdict", outcome.verdict().name().toLowerCase(Locale.ROOT))
                .register(registry).record(outcome.duration());
        requestSizes.record(outcome.requestBytes());
        responseSizes.record(outcome.responseBytes());
        LOG.atLevel(outcome.verdict() == Verdict.FAILED ? Level.WARN : Level.INFO)
                .addKeyValue("exchange", outcome.exchangeId())
                .addKeyValue("sender", outcome.sender() == null ? "-" : outcome.sender())
                .addKeyValue("operation", outcome.operation())
                .addKeyValue("verdict", outcome.verdict())
                .addKeyValue("code", code)
                .addKeyValue("request_bytes", outcome.requestBytes())
                .addKeyValue("response_bytes", outcome.responseBytes())
                .addKeyValue("duration_ms", outcome.duration().toMillis())
                .log("exchange");
    }
}
