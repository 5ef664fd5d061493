package ma.pmogateway.journal;

import java.time.Instant;

/**
 * The chain link of an exchange's delivery to the PMO: the gateway's signed message as it left and the
 * PMO's signed acknowledgement as it arrived.
 *
 * @param sequence              the link's position in the chain, after its exchange record's
 * @param exchangeId            the exchange delivered
 * @param deliveredAt           when the acknowledgement was recorded (millisecond precision, as stored)
 * @param messageDigest         SHA-256 (hex) of the message sent
 * @param acknowledgementDigest SHA-256 (hex) of the acknowledgement received
 * @param previousHash          the previous link's hash
 */
public record DeliveryLink(long sequence, String exchangeId, Instant deliveredAt, String messageDigest,
        String acknowledgementDigest, String previousHash) implements ChainEntry {

    /** The format of delivery links. */
    public static final String FORMAT = "pmo-gateway-livraison-v1";

    @Override
    public String canonicalText() {
        return ChainEntry.lines(FORMAT, Long.toString(sequence), exchangeId, deliveredAt.toString(), messageDigest,
                acknowledgementDigest, previousHash);
    }
}
