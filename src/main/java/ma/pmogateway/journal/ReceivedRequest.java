package ma.pmogateway.journal;

import java.time.Instant;

/**
 * A request as it reached the gateway: the identifier given to this exchange, when it arrived, and
 * its bytes exactly as received with their SHA-256 (the evidence an auditor re-verifies later).
 */
public record ReceivedRequest(String exchangeId, Instant receivedAt, byte[] bytes, String digest) {

    /**
     * The name under which the capture step of a service (the gateway's, the PMO sandbox's) keeps the
     * request on its exchange, for the steps after it (signature coverage, journal).
     */
    public static final String EXCHANGE_KEY = ReceivedRequest.class.getName();
}
