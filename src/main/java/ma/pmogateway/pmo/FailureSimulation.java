package ma.pmogateway.pmo;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;

import ma.pmogateway.config.GatewayConfig;

/**
 * The sandbox's switchboard of misbehaviour: how often the reference PMO fails, whether it is in an
 * outage, how slowly it answers, and in which form a failure reaches the caller.
 *
 * <p>The real PMO will be unavailable at times, and the gateway's delivery must retry, keep the order
 * and never deposit twice; these switches let tests and demos provoke exactly that. Draws come from
 * one {@link Random}, so a seeded simulation fails on the same requests at every run (as long as the
 * requests arrive one after the other). The outage switch may be flipped while the service runs;
 * everything else is fixed at construction. Thread-safe.
 *
 * <p>Configuration keys read by {@link #from(GatewayConfig)}:
 * <ul>
 * <li>{@code pmo.sandbox.failure-rate}: share of requests refused as unavailable, 0 to 1;</li>
 * <li>{@code pmo.sandbox.lost-acknowledgement-rate}: share of deposits processed and committed whose
 *     acknowledgement is then replaced by an unavailability fault, 0 to 1 (the redelivery must be
 *     answered {@code doublon=true});</li>
 * <li>{@code pmo.sandbox.failure-seed}: seed of the draws, or empty for a different sequence each run;</li>
 * <li>{@code pmo.sandbox.outage}: {@code true} to start in an outage;</li>
 * <li>{@code pmo.sandbox.failure-response}: {@code fault} (a signed ErreurDepot with
 *     {@code temporaire="true"}) or {@code http-503} (HTTP 503 before any SOAP processing);</li>
 * <li>{@code pmo.sandbox.latency-ms}: added to every request, in milliseconds.</li>
 * </ul>
 */
public final class FailureSimulation {

    /** How a simulated unavailability reaches the caller. */
    public enum Response {
        /** A signed SOAP fault ErreurDepot, code SERVICE_INDISPONIBLE, {@code temporaire="true"}. */
        FAULT,
        /** HTTP status 503 with a Retry-After header and no SOAP envelope, as a load balancer would. */
        HTTP_503
    }

    private final double failureRate;
    private final double lostAcknowledgementRate;
    private final Duration latency;
    private final Response response;
    private final Random random;
    private volatile boolean outage;

    /**
     * Creates a simulation that refuses a share {@code failureRate} of requests and loses the
     * acknowledgement of a share {@code lostAcknowledgementRate} of committed deposits, drawing from
     * {@code random}, adds {@code latency} to every request and answers failures as {@code response}.
     * It starts with no outage.
     *
     * @throws IllegalArgumentException if a rate is outside 0..1 or the latency is negative
     */
    public FailureSimulation(double failureRate, double lostAcknowledgementRate, Duration latency,
            Response response, Random random) {
        this.failureRate = rate(failureRate, "failureRate");
        this.lostAcknowledgementRate = rate(lostAcknowledgementRate, "lostAcknowledgementRate");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.latency = latency;
        this.response = response;
        this.random = random;
    }

    /** Returns a simulation that never fails, adds no latency and is not in an outage. */
    public static FailureSimulation none() {
        return new FailureSimulation(0, 0, Duration.ZERO, Response.FAULT, new Random());
    }

    /**
     * Returns the simulation described by the {@code pmo.sandbox.*} keys of {@code config} (listed in
     * the class description), whose values were checked when it was loaded.
     */
    public static FailureSimulation from(GatewayConfig config) {
        String seed = config.string("pmo.sandbox.failure-seed");
        FailureSimulation simulation = new FailureSimulation(config.decimal("pmo.sandbox.failure-rate"),
                config.decimal("pmo.sandbox.lost-acknowledgement-rate"), config.millis("pmo.sandbox.latency-ms"),
                Response.valueOf(config.string("pmo.sandbox.failure-response").toUpperCase(Locale.ROOT).replace('-', '_')),
                seed.isEmpty() ? new Random() : new Random(config.longValue("pmo.sandbox.failure-seed")));
        simulation.setOutage(config.bool("pmo.sandbox.outage"));
        return simulation;
    }

    /** Starts ({@code true}) or ends ({@code false}) an outage: while on, every request is refused. */
    public void setOutage(boolean on) {
        outage = on;
    }

    /** Returns true while an outage is on. */
    public boolean outage() {
        return outage;
    }

    /** Returns the form in which failures reach the caller. */
    public Response response() {
        return response;
    }

    /** Returns the latency added to every request. */
    public Duration latency() {
        return latency;
    }

    /**
     * Returns true if this request is to be refused as unavailable: always during an outage, otherwise
     * with probability {@code failureRate}. Call once per request.
     */
    public boolean refusesNextRequest() {
        return outage || draw(failureRate);
    }

    /**
     * Returns true, with probability {@code lostAcknowledgementRate}, if the acknowledgement of this
     * committed deposit is to be lost. Call once per committed deposit.
     */
    public boolean losesNextAcknowledgement() {
        return draw(lostAcknowledgementRate);
    }

    /** Waits for the configured latency; an interrupt ends the wait early and is kept for the caller. */
    void delay() {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean draw(double rate) {
        if (rate <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    private static double rate(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1: " + value);
        }
        return value;
    }
}
