package ma.pmogateway.journal;

import java.nio.charset.StandardCharsets;

import ma.pmogateway.support.Sha256;

/**
 * A link of the journal's one hash chain: an exchange record ({@link ChainLink}), the answer sent for
 * one ({@link ResponseLink}), or its delivery to the PMO ({@link DeliveryLink}). Its hash is the SHA-256 of a text of one field per line, exactly as
 * documented in docs/JOURNAL.md, so that anyone can recompute it from the stored columns.
 */
public sealed interface ChainEntry permits ChainLink, ResponseLink, DeliveryLink {

    /** The previous hash of the first link. */
    String GENESIS = "0".repeat(64);

    /** Returns the link's position in the chain (1, 2, …). */
    long sequence();

    /** Returns the exchange the link belongs to. */
    String exchangeId();

    /** Returns the previous link's hash. */
    String previousHash();

    /** Returns the text that is hashed: one field per line, each ending with a line feed. */
    String canonicalText();

    /** Returns the lower-case hex SHA-256 of {@link #canonicalText()} in UTF-8. */
    default String hash() {
        return Sha256.hex(canonicalText().getBytes(StandardCharsets.UTF_8));
    }

    /** Joins {@code fields} one per line, absent ones as empty lines. */
    static String lines(String... fields) {
        StringBuilder text = new StringBuilder();
        for (String field : fields) {
            text.append(field == null ? "" : field).append('\n');
        }
        return text.toString();
    }
}
