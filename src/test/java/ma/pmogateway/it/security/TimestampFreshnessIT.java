package ma.pmogateway.it.security;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;

/**
 * A request is fresh for security.timestamp-ttl-seconds (300) after its Timestamp's Created, and
 * Created may be at most security.future-skew-seconds (60) ahead of the gateway's clock. The
 * Timestamps here are signed and otherwise valid: only their dates differ from an accepted request.
 * The journal tells an expired or stale Timestamp (TIMESTAMP_EXPIRED) from one dated in the future
 * (TIMESTAMP_FUTURE); the caller is told neither.
 */
class TimestampFreshnessIT extends GatewayTest {

    private EnvoiFichesProjets envoi;

    @BeforeEach
    void freshBatch() {
        envoi = casablancaFiches();
    }

    /** Attack: a message captured earlier, Created 10 minutes ago, Expires 5 minutes ago. Expected: refused. */
    @Test
    void refusesExpiredTimestamp() {
        assertRefused(send(request(envoi).timestamp(Duration.ofMinutes(-10), Duration.ofMinutes(5)).build()),
                Reason.TIMESTAMP_EXPIRED);
        assertNotAccepted(envoi);
    }

    /**
     * Attack: a message pre-dated into the future (Created in 10 minutes) to outlive the replay window.
     * Expected: refused, beyond the 60 s of tolerated clock skew.
     */
    @Test
    void refusesTimestampCreatedInTheFuture() {
        assertRefused(send(request(envoi).timestamp(Duration.ofMinutes(10), Duration.ofMinutes(5)).build()),
                Reason.TIMESTAMP_FUTURE);
        assertNotAccepted(envoi);
    }

    /**
     * Attack: a Timestamp Created 6 minutes ago whose Expires lies an hour ahead, to stretch the
     * message's life beyond the gateway's 5-minute TTL (and beyond what its replay registry keeps).
     * Expected: refused: freshness is measured from Created, whatever Expires says.
     */
    @Test
    void refusesStaleCreatedDespiteDistantExpires() {
        assertRefused(send(request(envoi).timestamp(Duration.ofMinutes(-6), Duration.ofHours(1)).build()),
                Reason.TIMESTAMP_EXPIRED);
        assertNotAccepted(envoi);
    }
}
