package ma.pmogateway.journal;

import java.time.Instant;

/**
 * One message as the reference PMO (the sandbox, {@code ma.pmogateway.pmo}) first received it, for
 * checking what the gateway delivered and in which order.
 *
 * @param rank       order of first arrival among all deposits (increasing, not necessarily contiguous)
 * @param messageId  the deposit's {@code entete/identifiant-message}
 * @param nature     {@code FICHES} or {@code SITUATIONS}
 * @param receivedAt when it first arrived
 * @param deliveries how many times it was delivered (1, plus one per redelivery answered {@code doublon})
 */
public record PmoArrival(long rank, String messageId, String nature, Instant receivedAt, int deliveries) {
}
