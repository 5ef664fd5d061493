package ma.pmogateway.delivery;

import java.time.Instant;

/**
 * A queued delivery to the PMO, as claimed by a worker.
 *
 * @param id           the outbox position (delivery order within a project)
 * @param exchangeId   the accepted exchange it comes from
 * @param pmoOperation DeposerFiches or DeposerSituations
 * @param messageId    the stable PMO message id (the PMO deduplicates on it)
 * @param document     the PMO document
 * @param attempts     the attempts made so far, this one included
 * @param createdAt    when it was queued
 */
public record OutboxEntry(long id, String exchangeId, String pmoOperation, String messageId, byte[] document,
        int attempts, Instant createdAt) {
}
