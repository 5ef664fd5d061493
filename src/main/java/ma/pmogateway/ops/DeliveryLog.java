package ma.pmogateway.ops;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import ma.pmogateway.delivery.DeliveryObserver;
import ma.pmogateway.journal.OutboxEntry;

/**
 * One structured line per delivery attempt (logger {@code ma.pmogateway.delivery.attempt}) and the
 * delivery meters: attempts by outcome and their latency.
 */
final class DeliveryLog implements DeliveryObserver {

    private static final Logger LOG = LoggerFactory.getLogger("ma.pmogateway.delivery.attempt");

    private final MeterRegistry registry;

    DeliveryLog(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            counter(outcome);
        }
    }

    @Override
    public void attempted(OutboxEntry entry, Outcome outcome, Duration took, Duration retryIn, String error) {
        counter(outcome).increment();
        Timer.builder("pmogateway.delivery.duration").description("Time of one delivery attempt to the PMO")
                .tag("outcome", tag(outcome)).register(registry).record(took);
        LOG.atLevel(outcome == Outcome.DELIVERED || outcome == Outcome.RETRY ? Level.INFO : Level.WARN)
                .addKeyValue("exchange", entry.exchangeId())
                .addKeyValue("outbox_id", entry.id())
                .addKeyValue("pmo_operation", entry.pmoOperation())
                .addKeyValue("attempt", entry.attempts())
                .addKeyValue("outcome", outcome)
                .addKeyValue("duration_ms", took.toMillis())
                .addKeyValue("retry_in_ms", retryIn == null ? "-" : Long.toString(retryIn.toMillis()))
                .addKeyValue("error", error == null ? "-" : error)
                .log("delivery");
    }

    private Counter counter(Outcome outcome) {
        return Counter.builder("pmogateway.deliveries").description("Delivery attempts to the PMO by outcome")
                .tag("outcome", tag(outcome)).register(registry);
    }

    private static String tag(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
