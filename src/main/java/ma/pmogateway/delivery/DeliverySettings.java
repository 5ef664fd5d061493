package ma.pmogateway.delivery;

import java.time.Duration;

import ma.pmogateway.config.GatewayConfig;

/**
 * How deliveries to the PMO are paced ({@code delivery.*}).
 *
 * @param concurrency    deliveries in flight at once on this node (different projects proceed in parallel)
 * @param pollInterval   pause between two looks at the queue when it had nothing more due, cut short
 *                       when a delivery ends
 * @param maxAttempts    attempts before an entry becomes a dead letter
 * @param maxAge         age after which a failing entry becomes a dead letter, whatever its attempts
 * @param initialBackoff wait after the first failure; doubled at each further failure
 * @param maxBackoff     longest wait between two attempts
 * @param lease          how long a claim stays valid without an outcome (a crashed node's entries are
 *                       taken over after it)
 */
public record DeliverySettings(int concurrency, Duration pollInterval, int maxAttempts, Duration maxAge,
        Duration initialBackoff, Duration maxBackoff, Duration lease) {

    /** Reads the settings from the {@code delivery.*} keys. */
    public static DeliverySettings from(GatewayConfig config) {
        return new DeliverySettings(config.integer("delivery.concurrency"), config.millis("delivery.poll-interval-ms"),
                config.integer("delivery.max-attempts"), config.seconds("delivery.max-age-seconds"),
                config.millis("delivery.backoff-initial-ms"), config.millis("delivery.backoff-max-ms"),
                config.seconds("delivery.lease-seconds"));
    }

    /**
     * Returns the wait before attempt {@code attempt + 1}, after {@code attempt} failures: exponential
     * and capped, with "equal jitter" (half fixed, half random, from {@code random} in [0, 1)) so that
     * many entries failing together do not retry together.
     */
    public Duration backoff(int attempt, double random) {
        long exponential = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(exponential, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (random * (capped / 2.0)));
    }
}
