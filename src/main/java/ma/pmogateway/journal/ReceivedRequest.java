package ma.pmogateway.journal;

import java.time.Instant;

/**
 * A request as it reached the gateway: the identifier given to this exchange, when it arrived, and
 * its bytes exactly as received with their SHA-256 (the evidence an auditor re-verifies later).
 */
public record ReceivedRequest(String exchangeId, Instant receivedAt, byte[] bytes, String digest) {
}
