package ma.pmogateway.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An accepted exchange as the journal knows it, for ConsulterEchange.
 *
 * @param exchangeId the gateway's id
 * @param batchId    the sender's IdentifiantEnvoi
 * @param operation  SoumettreProjets or SoumettreSituations
 * @param sender     the sender's code
 * @param receivedAt when it was received
 * @param items      its fiches or situations, in batch order
 * @param feedback   the latest PMO feedback per item rank (ao:RetourPMO bytes), where received
 * @param attempts   delivery attempts made so far
 * @param abandoned  true if the delivery was given up (dead letter) and awaits the operator
 */
public record ExchangeRecord(String exchangeId, String batchId, String operation, String sender, Instant receivedAt,
        List<Submission.Item> items, Map<Integer, byte[]> feedback, int attempts, boolean abandoned) {
}
