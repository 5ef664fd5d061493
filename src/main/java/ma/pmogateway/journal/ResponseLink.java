package ma.pmogateway.journal;

import java.time.Instant;

/**
 * The chain link of the answer sent for an exchange, exactly as it left the gateway.
 *
 * @param sequence       the link's position in the chain, after its exchange record's
 * @param exchangeId     the exchange answered
 * @param sentAt         when the answer was written (millisecond precision, as stored)
 * @param nature         REPONSE or FAUTE
 * @param responseDigest SHA-256 (hex) of the answer's bytes
 * @param previousHash   the previous link's hash
 */
public record ResponseLink(long sequence, String exchangeId, Instant sentAt, String nature, String responseDigest,
        String previousHash) implements ChainEntry {

    /** The format of answer links. */
    public static final String FORMAT = "pmo-gateway-reponse-v1";

    @Override
    public String canonicalText() {
        return ChainEntry.lines(FORMAT, Long.toString(sequence), exchangeId, sentAt.toString(), nature, responseDigest,
                previousHash);
    }
}
