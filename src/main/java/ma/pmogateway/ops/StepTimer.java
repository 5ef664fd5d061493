package ma.pmogateway.ops;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The latency of each step of the message path, one histogram per step
 * ({@code pmogateway_step_duration_seconds{step="rules"}}): what the message-path code calls around
 * each of its steps. Thread-safe.
 */
public final class StepTimer {

    /** The steps of the message path, in their order. */
    public enum Step {
        /** WS-Security: signature, certificate, timestamp, replay; the sender identified. */
        SECURITY,
        /** The payload against the published schemas. */
        CONTRACT,
        /** The business rules, with the history of the projects. */
        RULES,
        /** The translation into the PMO model and its check against the PMO schema. */
        MAPPING,
        /** The journal's transaction that accepts a batch. */
        JOURNAL,
        /** The answer: signed, journaled, written to the caller. */
        RECEIPT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Buckets from a millisecond to ten seconds: a step's normal range and its pathological one. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Map<Step, Timer> timers = new EnumMap<>(Step.class);

    StepTimer(MeterRegistry registry) {
        for (Step step : Step.values()) {
            timers.put(step, Timer.builder("pmogateway.step.duration")
                    .description("Time spent in one step of the message path")
                    .tag("step", step.tag())
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
    }

    /** Runs {@code work} as {@code step} and returns its result; its time is recorded even if it throws. */
    public <T> T time(Step step, Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(step, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Runs {@code work} as {@code step}. */
    public void time(Step step, Runnable work) {
        time(step, () -> {
            work.run();
            return null;
        });
    }

    /** Records that {@code step} took {@code took} (for a step measured across interceptors). */
    public void record(Step step, Duration took) {
        timers.get(step).record(took);
    }
}
