package ma.pmogateway.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import ma.pmogateway.support.Sha256;

/**
 * The hash that chains one journal record to the previous one, computed over exactly the bytes
 * documented in docs/JOURNAL.md, so that anyone can recompute it from the stored columns.
 *
 * @param sequence      the record's position in the chain (1, 2, …)
 * @param exchangeId    the exchange id
 * @param receivedAt    when it was received (millisecond precision, as stored)
 * @param operation     the operation, or null
 * @param sender        the sender's code, or null
 * @param thumbprint    the signing certificate's thumbprint, or null
 * @param batchId       the sender's batch id, or null
 * @param verdict       ACCEPTE, REJETE or DOUBLON
 * @param errorCode     the error code of a rejection, or null
 * @param requestDigest SHA-256 (hex) of the request bytes as received
 * @param reasons       the recorded reasons, or null
 * @param previousHash  the previous record's hash (64 zeros before the first record)
 */
public record ChainLink(long sequence, String exchangeId, Instant receivedAt, String operation, String sender,
        String thumbprint, String batchId, String verdict, String errorCode, String requestDigest, String reasons,
        String previousHash) {

    /** Marks the version of this hashing rule in the hashed bytes. */
    public static final String FORMAT = "pmo-gateway-journal-v1";
    /** The previous hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    /** Returns the lower-case hex SHA-256 of {@link #canonicalText()} in UTF-8. */
    public String hash() {
        return Sha256.hex(canonicalText().getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the text that is hashed: one field per line, in a fixed order, absent fields empty. */
    public String canonicalText() {
        return String.join("\n", FORMAT, Long.toString(sequence), exchangeId, receivedAt.toString(),
                orEmpty(operation), orEmpty(sender), orEmpty(thumbprint), orEmpty(batchId), verdict,
                orEmpty(errorCode), requestDigest, reasons == null ? "" : Sha256.hex(reasons), previousHash) + "\n";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
