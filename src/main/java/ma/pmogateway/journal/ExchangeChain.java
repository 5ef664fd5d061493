package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/**
 * The journal's one hash chain, as it grows: the record of each exchange ({@code echange}, with its
 * items), the answer sent for it ({@code reponse}) and its delivery to the PMO ({@code livraison}).
 * Every append works inside the caller's transaction and locks the chain head until it ends (see
 * {@link ChainHead}), so concurrent writers, on any node, append one after the other.
 */
final class ExchangeChain {

    /** Who asked what, as far as the request was read before it was decided. */
    record Caller(String operation, String sender, String thumbprint) {
    }

    private final Versions versions;

    /** Creates the chain whose records name {@code versions} as what handled them. */
    ExchangeChain(Versions versions) {
        this.versions = versions;
    }

    /**
     * Appends the record of {@code request}: its caller, the batch id it declared (or null), its
     * {@code verdict}, and for a refusal its error code and reasons.
     */
    void record(Connection connection, ReceivedRequest request, Caller caller, String batchId, Verdict verdict,
            String errorCode, String reasons) throws SQLException {
        ChainHead.Position position = ChainHead.lock(connection);
        ChainLink link = new ChainLink(ChainLink.FORMAT, position.nextSequence(), request.exchangeId(),
                request.receivedAt(), caller.operation(), caller.sender(), caller.thumbprint(), batchId,
                verdict.name(), errorCode, request.digest(), reasons, versions, position.previousHash());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO echange (id, recu_le, operation, emetteur, empreinte_certificat, identifiant_envoi, "
                        + "empreinte_requete, requete, verdict, code_erreur, motifs, correlation, sequence, "
                        + "hash_precedent, hash, format_chaine, version_regles, version_transformation, version_listes) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, request.exchangeId());
            insert.setTimestamp(2, Timestamp.from(request.receivedAt()));
            setNullable(insert, 3, caller.operation());
            setNullable(insert, 4, caller.sender());
            setNullable(insert, 5, caller.thumbprint());
            setNullable(insert, 6, batchId);
            insert.setString(7, request.digest());
            insert.setBytes(8, request.bytes());
            insert.setString(9, link.verdict());
            setNullable(insert, 10, errorCode);
            setNullable(insert, 11, reasons);
            insert.setString(12, request.exchangeId());
            insert.setLong(13, link.sequence());
            insert.setString(14, link.previousHash());
            insert.setString(15, link.hash());
            insert.setString(16, link.format());
            insert.setString(17, versions.rules());
            insert.setString(18, versions.transformation());
            insert.setString(19, versions.codeLists());
            insert.executeUpdate();
        }
        ChainHead.advance(connection, link);
    }

    /** Stores the items {@code request}'s record is about (its fiches, situations, or project transferred). */
    static void items(Connection connection, ReceivedRequest request, List<Submission.Item> items)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO echange_element (echange_id, rang, reference, nature, date_arrete) VALUES (?, ?, ?, ?, ?)")) {
            for (Submission.Item item : items) {
                insert.setString(1, request.exchangeId());
                insert.setInt(2, item.rank());
                insert.setString(3, item.reference());
                insert.setString(4, item.nature());
                insert.setObject(5, item.asOf(), Types.DATE);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Appends the answer {@code response}, sent at {@code sentAt}, for {@code exchangeId}. */
    static void answer(Connection connection, String exchangeId, ResponseNature nature, byte[] response,
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
    static void delivery(Connection connection, String exchangeId, Instant deliveredAt, byte[] message,
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

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
