package ma.pmogateway.security;

import java.time.Instant;

/**
 * Remembers which signed messages have already been accepted, durably and for every gateway node.
 *
 * <p>Implemented by the journal (database table shared by the nodes), so a replay is caught after a
 * restart and on another node.
 */
public interface ReplayRegistry {

    /**
     * Records {@code messageId} as seen until {@code expiresAt} and returns true, or returns false if
     * it had already been recorded. Atomic: of two concurrent callers with the same id, one gets true.
     */
    boolean recordFirstSighting(String messageId, Instant expiresAt);
}
