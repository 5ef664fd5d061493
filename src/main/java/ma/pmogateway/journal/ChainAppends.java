package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import ma.pmogateway.support.Sha256;

/**
 * Appends to the chain, inside the caller's transaction, the links that follow an exchange's record:
 * the answer sent for it, and its delivery to the PMO. Each locks the chain head until the caller's
 * transaction ends (see {@link ChainHead}).
 */
public final class ChainAppends {

    private ChainAppends() {
    }

    /** Appends the answer {@code response}, sent at {@code sentAt}, for {@code exchangeId}. */
    static void response(Connection connection, String exchangeId, ResponseNature nature, byte[] response,
            Instant sentAt) throws SQLException {
        Instant at = stored(sentAt);
        ChainHead.Position position = ChainHead.lock(connection);
        ResponseLink link = new ResponseLink(position.nextSequence(), exchangeId, at, nature.name(),
                Sha256.hex(response), position.previousHash());
        insert(connection, "INSERT INTO reponse (echange_id, envoyee_le, nature, empreinte_reponse, reponse, sequence, "
                + "hash_precedent, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", link, exchangeId, Timestamp.from(at),
                nature.name(), link.responseDigest(), response);
    }

    /**
     * Appends the delivery of {@code exchangeId} to the PMO: the signed {@code message} sent and the
     * signed {@code acknowledgement} received, recorded at {@code deliveredAt}.
     */
    public static void delivery(Connection connection, String exchangeId, Instant deliveredAt, byte[] message,
            byte[] acknowledgement) throws SQLException {
        Instant at = stored(deliveredAt);
        ChainHead.Position position = ChainHead.lock(connection);
        DeliveryLink link = new DeliveryLink(position.nextSequence(), exchangeId, at, Sha256.hex(message),
                Sha256.hex(acknowledgement), position.previousHash());
        insert(connection, "INSERT INTO livraison (echange_id, livre_le, empreinte_message, message_envoye, "
                + "empreinte_accuse, accuse_recu, sequence, hash_precedent, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                link, exchangeId, Timestamp.from(at), link.messageDigest(), message, link.acknowledgementDigest(),
                acknowledgement);
    }

    /** The instant as every supported database stores it (milliseconds), so that the link's hash recomputes. */
    private static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Inserts {@code link}'s row ({@code columns}, then its sequence and hashes) and advances the head to it. */
    private static void insert(Connection connection, String sql, ChainEntry link, Object... columns)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object column : columns) {
                insert.setObject(index++, column);
            }
            insert.setLong(index++, link.sequence());
            insert.setString(index++, link.previousHash());
            insert.setString(index, link.hash());
            insert.executeUpdate();
        }
        ChainHead.advance(connection, link);
    }
}
