package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The read model the auditor's tools use ({@code audit verify}, {@code audit export}): the stored
 * evidence of the chain's links, by range of sequence (both bounds inclusive) or by exchange. Large
 * ranges are walked row by row, so memory stays constant whatever the journal's size. Reads only.
 */
public final class AuditTrail {

    private final DataSource dataSource;

    /** Creates the read model of the journal in {@code dataSource}. */
    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * An accepted exchange as the journal holds it, with the PMO document queued for it (null if missing);
     * a submission has a batch to translate, a head-office transfer (TransfererProjet) has none.
     */
    public record AcceptedRecord(String exchangeId, long sequence, byte[] request, Instant receivedAt,
            String stylesheets, String codeLists, byte[] document, boolean submission) {
    }

    /** A delivery link's stored evidence: the gateway's signed message and the PMO's signed acknowledgement. */
    public record StoredDelivery(String exchangeId, long sequence, Instant deliveredAt, byte[] message,
            byte[] acknowledgement) {
    }

    /** A link of the chain as the view {@code chaine} lists it. */
    public record Link(String exchangeId, long sequence, String hash) {
    }

    /** An exchange's record: its place in the chain and the facts an evidence bundle states. */
    public record StoredExchange(long sequence, String hash, Instant receivedAt, String operation, String sender,
            String thumbprint, String batchId, String verdict, byte[] request, Versions versions) {
    }

    /**
     * An exchange's delivery to the PMO: the PMO document, the outbox state, and once delivered when,
     * with the signed message and acknowledgement (null before).
     */
    public record DeliveryOutcome(byte[] document, String state, Instant deliveredAt, byte[] message,
            byte[] acknowledgement) {
    }

    /** Reads one value from the current row. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Returns the sequence of the first record received at or after {@code from}, if any. */
    public Optional<Long> firstSequenceFrom(Instant from) {
        return one("SELECT MIN(sequence) FROM echange WHERE recu_le >= ?", row -> {
            long sequence = row.getLong(1);
            return row.wasNull() ? null : sequence;
        }, Timestamp.from(from));
    }

    /** Returns how many exchange records lie between {@code first} and {@code last}. */
    public long countRecords(long first, long last) {
        return one("SELECT COUNT(*) FROM echange WHERE sequence BETWEEN ? AND ?", row -> row.getLong(1), first, last)
                .orElse(0L);
    }

    /** Returns how many accepted exchange records lie between {@code first} and {@code last}. */
    public long countAccepted(long first, long last) {
        return one("SELECT COUNT(*) FROM echange WHERE verdict = ? AND sequence BETWEEN ? AND ?",
                row -> row.getLong(1), Verdict.ACCEPTE.name(), first, last).orElse(0L);
    }

    /** Hands each accepted record between {@code first} and {@code last} to {@code check}, in chain order. */
    public void forEachAccepted(long first, long last, Consumer<AcceptedRecord> check) {
        each("SELECT e.id, e.sequence, e.requete, e.recu_le, e.version_transformation, e.version_listes, o.document, "
                + "e.identifiant_envoi FROM echange e LEFT JOIN outbox o ON o.echange_id = e.id "
                + "WHERE e.verdict = ? AND e.sequence BETWEEN ? AND ? ORDER BY e.sequence",
                row -> new AcceptedRecord(row.getString(1), row.getLong(2), row.getBytes(3),
                        row.getTimestamp(4).toInstant(), row.getString(5), row.getString(6), row.getBytes(7),
                        row.getString(8) != null), check, Verdict.ACCEPTE.name(), first, last);
    }

    /**
     * Returns the records between {@code first} and {@code last} whose outbox entry is marked delivered
     * but whose delivery is not in the chain.
     */
    public List<Link> deliveredWithoutTheirLink(long first, long last) {
        List<Link> missing = new ArrayList<>();
        each("SELECT e.id, e.sequence FROM echange e JOIN outbox o ON o.echange_id = e.id "
                + "LEFT JOIN livraison l ON l.echange_id = e.id "
                + "WHERE o.etat = ? AND l.echange_id IS NULL AND e.sequence BETWEEN ? AND ? ORDER BY e.sequence",
                row -> new Link(row.getString(1), row.getLong(2), null), missing::add, Outbox.State.LIVRE.name(),
                first, last);
        return missing;
    }

    /** Hands each delivery link between {@code first} and {@code last} to {@code check}, in chain order. */
    public void forEachDelivery(long first, long last, Consumer<StoredDelivery> check) {
        each("SELECT echange_id, sequence, livre_le, message_envoye, accuse_recu FROM livraison "
                + "WHERE sequence BETWEEN ? AND ? ORDER BY sequence",
                row -> new StoredDelivery(row.getString(1), row.getLong(2), row.getTimestamp(3).toInstant(),
                        row.getBytes(4), row.getBytes(5)), check, first, last);
    }

    /** Returns the sequence of the chain's last link (0 for an empty chain). */
    public long lastSequence() {
        return one("SELECT MAX(sequence) FROM chaine", row -> row.getLong(1)).orElse(0L);
    }

    /** Returns the link at {@code sequence}, if the chain has one. */
    public Optional<Link> linkAt(long sequence) {
        return one("SELECT echange_id, hash FROM chaine WHERE sequence = ?",
                row -> new Link(row.getString(1), sequence, row.getString(2)), sequence);
    }

    /** Returns the record of {@code exchangeId}, if the journal has it. */
    public Optional<StoredExchange> exchange(String exchangeId) {
        return one("SELECT sequence, hash, recu_le, operation, emetteur, empreinte_certificat, identifiant_envoi, "
                + "verdict, requete, version_regles, version_transformation, version_listes FROM echange WHERE id = ?",
                row -> new StoredExchange(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getBytes(9), new Versions(row.getString(10), row.getString(11), row.getString(12))),
                exchangeId);
    }

    /** Returns the delivery of {@code exchangeId} to the PMO, if it was queued (only an accepted batch is). */
    public Optional<DeliveryOutcome> deliveryOf(String exchangeId) {
        return one("SELECT o.document, o.etat, o.livre_le, l.message_envoye, l.accuse_recu FROM outbox o "
                + "LEFT JOIN livraison l ON l.echange_id = o.echange_id WHERE o.echange_id = ? ORDER BY o.id",
                row -> {
                    Timestamp deliveredAt = row.getTimestamp(3);
                    return new DeliveryOutcome(row.getBytes(1), row.getString(2),
                            deliveredAt == null ? null : deliveredAt.toInstant(), row.getBytes(4), row.getBytes(5));
                }, exchangeId);
    }

    /** Returns the answer sent for {@code exchangeId}, if it was recorded. */
    public Optional<Journal.Answer> answerOf(String exchangeId) {
        return new ExchangeReads(dataSource).answerOf(exchangeId);
    }

    /** Returns what {@code reader} makes of the first row {@code sql} selects with {@code parameters}, if any. */
    private <T> Optional<T> one(String sql, RowReader<T> reader, Object... parameters) {
        List<T> first = new ArrayList<>(1);
        each(sql, reader, value -> {
            if (first.isEmpty()) {
                first.add(value);
            }
        }, parameters);
        return first.isEmpty() || first.get(0) == null ? Optional.empty() : Optional.of(first.get(0));
    }

    /** Hands what {@code reader} makes of each row {@code sql} selects with {@code parameters} to {@code consumer}. */
    private <T> void each(String sql, RowReader<T> reader, Consumer<T> consumer, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(reader.read(rows));
                }
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "journal");
        }
    }
}
