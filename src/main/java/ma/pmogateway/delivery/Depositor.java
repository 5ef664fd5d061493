package ma.pmogateway.delivery;

import ma.pmogateway.journal.Outbox;
import ma.pmogateway.journal.OutboxEntry;

/** Where a delivery worker deposits the outbox's documents: the PMO's intake ({@link PmoClient}). */
@FunctionalInterface
public interface Depositor {

    /**
     * Delivers {@code entry}'s document and returns the PMO's acknowledgement with the signed messages
     * exchanged.
     *
     * @throws DeliveryFailure if the PMO did not acknowledge it; temporary unless the PMO refused the
     *                         document itself
     */
    Outbox.Deposit deposit(OutboxEntry entry) throws DeliveryFailure;
}
