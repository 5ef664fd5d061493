package ma.pmogateway.journal;

import java.time.Instant;

import ma.pmogateway.support.Sha256;

/**
 * The chain link of an exchange record.
 *
 * @param format        {@link #FORMAT} for records written since the versions are recorded,
 *                      {@link #FORMAT_V1} for older ones (no versions)
 * @param sequence      the record's position in the chain (1, 2, …)
 * @param exchangeId    the exchange id
 * @param receivedAt    when it was received (millisecond precision, as stored)
 * @param operation     the operation, or null
 * @param sender        the sender's code, or null
 * @param thumbprint    the signing certificate's thumbprint, or null
 * @param batchId       the sender's batch id, or null
 * @param verdict       ACCEPTE, REJETE, DOUBLON or CONSULTE
 * @param errorCode     the error code of a rejection, or null
 * @param requestDigest SHA-256 (hex) of the request bytes as received
 * @param reasons       the recorded reasons, or null
 * @param versions      what the gateway ran (null in the first format)
 * @param previousHash  the previous link's hash ({@link ChainEntry#GENESIS} before the first)
 */
public record ChainLink(String format, long sequence, String exchangeId, Instant receivedAt, String operation,
        String sender, String thumbprint, String batchId, String verdict, String errorCode, String requestDigest,
        String reasons, Versions versions, String previousHash) implements ChainEntry {

    /** The current format: the first one's fields, then the three versions. */
    public static final String FORMAT = "pmo-gateway-journal-v2";
    /** The first format, of records written before versions were recorded. */
    public static final String FORMAT_V1 = "pmo-gateway-journal-v1";

    @Override
    public String canonicalText() {
        String common = ChainEntry.lines(format, Long.toString(sequence), exchangeId, receivedAt.toString(), operation,
                sender, thumbprint, batchId, verdict, errorCode, requestDigest,
                reasons == null ? null : Sha256.hex(reasons));
        String versionLines = FORMAT_V1.equals(format) ? ""
                : ChainEntry.lines(versions.rules(), versions.transformation(), versions.codeLists());
        return common + versionLines + ChainEntry.lines(previousHash);
    }
}
