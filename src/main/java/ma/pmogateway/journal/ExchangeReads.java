package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.error.Reason;

/**
 * The read model of single exchanges the service answers from: an accepted exchange's state
 * (ConsulterEchange), a sender's PMO feedback (RecupererRetours), the answer, verdict and reason recorded
 * for an exchange. Reads what is committed; writes nothing.
 */
final class ExchangeReads {

    private final DataSource dataSource;

    ExchangeReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** See {@link Journal#findAccepted}. */
    Optional<ExchangeRecord> findAccepted(String exchangeId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement exchange = connection.prepareStatement(
                        "SELECT e.identifiant_envoi, e.operation, e.emetteur, e.recu_le, o.tentatives, o.etat "
                                + "FROM echange e LEFT JOIN outbox o ON o.echange_id = e.id "
                                + "WHERE e.id = ? AND e.verdict = ? AND e.identifiant_envoi IS NOT NULL")) {
            exchange.setString(1, exchangeId);
            exchange.setString(2, Verdict.ACCEPTE.name());
            try (ResultSet row = exchange.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ExchangeRecord(exchangeId, row.getString(1), row.getString(2),
                        row.getString(3), row.getTimestamp(4).toInstant(), items(connection, exchangeId),
                        feedback(connection, exchangeId), row.getInt(5),
                        Outbox.State.LETTRE_MORTE.name().equals(row.getString(6))));
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, exchangeId);
        }
    }

    /** See {@link Journal#feedbackSince}. */
    Journal.FeedbackPage feedbackSince(String sender, long afterId, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, retour_ao FROM retour_pmo WHERE emetteur = ? AND id > ? ORDER BY id")) {
            select.setString(1, sender);
            select.setLong(2, afterId);
            select.setMaxRows(limit + 1);
            List<byte[]> feedback = new ArrayList<>();
            long lastId = afterId;
            boolean more = false;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (feedback.size() == limit) {
                        more = true;
                        break;
                    }
                    lastId = rows.getLong(1);
                    feedback.add(rows.getBytes(2));
                }
            }
            return new Journal.FeedbackPage(feedback, lastId, more);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, sender);
        }
    }

    private static List<Submission.Item> items(Connection connection, String exchangeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT rang, reference, nature, date_arrete FROM echange_element WHERE echange_id = ? ORDER BY rang")) {
            select.setString(1, exchangeId);
            List<Submission.Item> items = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    java.sql.Date asOf = rows.getDate(4);
                    items.add(new Submission.Item(rows.getInt(1), rows.getString(2), rows.getString(3),
                            asOf == null ? null : asOf.toLocalDate()));
                }
            }
            return items;
        }
    }

    private static Map<Integer, byte[]> feedback(Connection connection, String exchangeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT rang, retour_ao FROM retour_pmo WHERE echange_id = ? ORDER BY id")) {
            select.setString(1, exchangeId);
            Map<Integer, byte[]> feedback = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    feedback.put(rows.getInt(1), rows.getBytes(2));
                }
            }
            return feedback;
        }
    }

    /** See {@link Journal#answerOf}. */
    Optional<Journal.Answer> answerOf(String exchangeId) {
        return lookUp("SELECT nature, envoyee_le, reponse FROM reponse WHERE echange_id = ?", exchangeId,
                row -> new Journal.Answer(ResponseNature.valueOf(row.getString(1)), row.getTimestamp(2).toInstant(),
                        row.getBytes(3)));
    }

    /**
     * Returns the first line of the {@code motifs} of the refused exchange {@code exchangeId} (a
     * {@link Reason} name), if it was refused.
     */
    Optional<String> reasonOf(String exchangeId) {
        return lookUp("SELECT motifs FROM echange WHERE id = ? AND verdict = '" + Verdict.REJETE.name()
                + "' AND motifs IS NOT NULL", exchangeId, row -> row.getString(1).lines().findFirst().orElse(""));
    }

    /** See {@link Journal#verdictOf}. */
    Optional<Verdict> verdictOf(String exchangeId) {
        return lookUp("SELECT verdict FROM echange WHERE id = ?", exchangeId, row -> Verdict.valueOf(row.getString(1)));
    }

    /** Reads one column set of a row. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Returns what {@code reader} makes of the one row {@code sql} selects for {@code exchangeId}, if any. */
    private <T> Optional<T> lookUp(String sql, String exchangeId, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, exchangeId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(reader.read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, exchangeId);
        }
    }
}
