package ma.pmogateway.security;

import java.time.Duration;
import java.time.Instant;

import org.apache.wss4j.common.cache.ReplayCache;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;

/**
 * Presents a {@link ReplayRegistry} to WSS4J as its timestamp replay cache.
 *
 * <p>WSS4J asks {@link #contains} and then calls {@link #add}; with several nodes that pair would race,
 * so {@code contains} itself records the message atomically (a message being seen for the first time
 * is recorded and reported as not contained). WSS4J calls it only once the signature has verified,
 * so unauthenticated traffic cannot fill the registry. Its identifier is the Timestamp's Created time
 * and the signature value.
 */
public final class ReplayCacheAdapter implements ReplayCache {

    private final ReplayRegistry registry;
    private final Duration retention;

    /**
     * Creates an adapter that keeps entries for {@code retention} (the timestamp time-to-live plus the
     * tolerated clock skew: after that, the message's own Timestamp makes it unacceptable anyway).
     */
    public ReplayCacheAdapter(ReplayRegistry registry, Duration retention) {
        this.registry = registry;
        this.retention = retention;
    }

    /**
     * Records {@code identifier} and returns false on its first sighting; returns true, recording a
     * {@link Reason#REPLAY}, if it was seen before.
     *
     * @throws GatewayException {@link Reason#UNAVAILABLE} if the registry cannot be read (recorded too,
     *                          since WSS4J may wrap it): the caller should retry, not give up
     */
    @Override
    public boolean contains(String identifier) {
        boolean seen;
        try {
            seen = !registry.recordFirstSighting(identifier, Instant.now().plus(retention));
        } catch (GatewayException e) {
            SecurityFailures.record(e.reason(), "replay registry: " + e.getMessage());
            throw e;
        }
        if (seen) {
            SecurityFailures.record(Reason.REPLAY, "signed message seen before (Timestamp Created and SignatureValue)");
        }
        return seen;
    }

    @Override
    public void add(String identifier) {
        // Recorded by contains().
    }

    @Override
    public void add(String identifier, Instant expiry) {
        // Recorded by contains(), with a retention that covers the Timestamp's own expiry.
    }

    @Override
    public void close() {
        // The registry belongs to the journal, which closes it.
    }
}
