package ma.pmogateway.journal;

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
 * @param lease        who holds this claim (the claiming node and a token of this claim): the outbox
 *                     takes an outcome only from the holder of the entry's current claim
 */
public record OutboxEntry(long id, String exchangeId, String pmoOperation, String messageId, byte[] document,
        int attempts, Instant createdAt, String lease) {
}
