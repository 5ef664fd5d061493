package ma.pmogateway.ops;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The latency of each step of the message path, one histogram per step name
 * ({@code pmogateway_step_duration_seconds{step="rules"}}): what the message path calls around each
 * of its named steps. Step names are the path's constants (a label's values must stay few), never
 * data of a request. Thread-safe.
 */
public final class StepTimer {

    /** The step measured around WS-Security and the signature coverage, by {@link MessagePathMeters}. */
    public static final String SECURITY = "security";
    /** The step measured from the end of the endpoint to the answer's last byte (signed, journaled, sent). */
    public static final String ANSWER = "answer";

    /** Buckets from a millisecond to ten seconds: a step's normal range and its pathological one. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    StepTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs {@code work} as the step {@code step}; its time is recorded even if it throws (a refusal). */
    public void time(String step, Runnable work) {
        long started = System.nanoTime();
        try {
            work.run();
        } finally {
            record(step, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Records that {@code step} took {@code took} (for a step measured across interceptors). */
    public void record(String step, Duration took) {
        timers.computeIfAbsent(step, name -> Timer.builder("pmogateway.step.duration")
                .description("Time spent in one step of the message path")
                .tag("step", name)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)).record(took);
    }
}
