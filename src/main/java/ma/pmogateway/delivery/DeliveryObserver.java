package ma.pmogateway.delivery;

import java.time.Duration;

import ma.pmogateway.journal.OutboxEntry;

/** Told the outcome of every delivery attempt, once it is recorded in the outbox (the delivery log, metrics). */
public interface DeliveryObserver {

    /** Tells nothing. */
    DeliveryObserver NONE = (entry, outcome, took, retryIn, error) -> { };

    /** What became of one attempt. */
    enum Outcome {
        /** Acknowledged by the PMO and recorded. */
        DELIVERED,
        /** Failed for a reason that may pass: tried again later. */
        RETRY,
        /** Failed for good, or too often or too long: a dead letter for the operator. */
        DEAD_LETTER,
        /** Its outcome could not be recorded: the entry's lease hands it to a worker again. */
        UNRECORDED
    }

    /**
     * Called after the attempt at {@code entry} ended as {@code outcome}, which took {@code took}.
     *
     * @param retryIn the wait before the next attempt ({@link Outcome#RETRY} only, else null)
     * @param error   why it failed (null when delivered)
     */
    void attempted(OutboxEntry entry, Outcome outcome, Duration took, Duration retryIn, String error);
}
