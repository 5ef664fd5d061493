package ma.pmogateway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import ma.pmogateway.journal.DatabaseFailures;
import ma.pmogateway.journal.ChainAppends;
import ma.pmogateway.journal.Transactions;

/**
 * The delivery queue towards the PMO (table {@code outbox}), filled by the journal when it accepts
 * a batch and drained by {@link DeliveryWorker}s on any node.
 *
 * <p>An entry is claimable when it is waiting and due, or when the node that claimed it stopped
 * answering (its lease expired), and when no earlier entry concerning one of its projects is still
 * undelivered: a later situation never overtakes an earlier one. Claims take row locks that other
 * nodes skip, so each entry is taken by one node at a time.
 */
public final class Outbox {

    /** The states of an entry. */
    public enum State { EN_ATTENTE, EN_COURS, LIVRE, LETTRE_MORTE }

    private static final String CLAIMABLE = "SELECT o.id, o.echange_id, o.operation, o.message_id, o.document, "
            + "o.tentatives, o.cree_le FROM outbox o "
            + "WHERE ((o.etat = 'EN_ATTENTE' AND o.prochain_essai <= ?) OR (o.etat = 'EN_COURS' AND o.pris_le < ?)) "
            + "AND NOT EXISTS (SELECT 1 FROM outbox_projet mine JOIN outbox_projet other "
            + "ON other.code_projet = mine.code_projet AND other.outbox_id < mine.outbox_id "
            + "JOIN outbox earlier ON earlier.id = other.outbox_id "
            + "WHERE mine.outbox_id = o.id AND earlier.etat <> 'LIVRE') "
            + "ORDER BY o.id FETCH FIRST %d ROWS ONLY FOR UPDATE SKIP LOCKED";

    private final DataSource dataSource;

    public Outbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims up to {@code max} entries for {@code node} and returns them, oldest first. An entry
     * claimed more than {@code lease} ago by a node that never reported is claimed again: the PMO's
     * deduplication makes that second delivery harmless.
     */
    public List<OutboxEntry> claim(String node, int max, Instant now, Duration lease) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<OutboxEntry> claimed = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(CLAIMABLE.formatted(max))) {
                    select.setTimestamp(1, Timestamp.from(now));
                    select.setTimestamp(2, Timestamp.from(now.minus(lease)));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            claimed.add(new OutboxEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
                                    rows.getString(4), rows.getBytes(5), rows.getInt(6) + 1,
                                    rows.getTimestamp(7).toInstant()));
                        }
                    }
                }
                try (PreparedStatement take = connection.prepareStatement(
                        "UPDATE outbox SET etat = 'EN_COURS', pris_par = ?, pris_le = ?, tentatives = ? WHERE id = ?")) {
                    for (OutboxEntry entry : claimed) {
                        take.setString(1, node);
                        take.setTimestamp(2, Timestamp.from(now));
                        take.setInt(3, entry.attempts());
                        take.setLong(4, entry.id());
                        take.addBatch();
                    }
                    take.executeBatch();
                }
                connection.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                Transactions.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "outbox");
        }
    }

    /**
     * Records {@code entry} as delivered with the PMO's acknowledgement, both signed messages as a link
     * of the journal's chain, and the PMO's feedback on each of its items (ao:RetourPMO documents, in
     * item order) for the sender to collect; one transaction.
     */
    public void delivered(OutboxEntry entry, PmoClient.Deposit deposit, List<byte[]> feedback, Instant now) {
        Transactions.run(dataSource, "outbox", connection -> {
            try (PreparedStatement done = connection.prepareStatement(
                    "UPDATE outbox SET etat = 'LIVRE', livre_le = ?, accuse = ?, derniere_erreur = NULL WHERE id = ?")) {
                done.setTimestamp(1, Timestamp.from(now));
                done.setBytes(2, deposit.acknowledgement());
                done.setLong(3, entry.id());
                done.executeUpdate();
            }
            ChainAppends.delivery(connection, entry.exchangeId(), now, deposit.sentMessage(),
                    deposit.receivedMessage());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO retour_pmo (echange_id, rang, emetteur, recu_le, retour_ao) "
                            + "SELECT id, ?, emetteur, ?, ? FROM echange WHERE id = ?")) {
                for (int rank = 1; rank <= feedback.size(); rank++) {
                    insert.setInt(1, rank);
                    insert.setTimestamp(2, Timestamp.from(now));
                    insert.setBytes(3, feedback.get(rank - 1));
                    insert.setString(4, entry.exchangeId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Puts {@code entry} back in the queue for another attempt at {@code nextAttempt}. */
    public void retryLater(OutboxEntry entry, String error, Instant nextAttempt) {
        update("UPDATE outbox SET etat = 'EN_ATTENTE', prochain_essai = ?, derniere_erreur = ? WHERE id = ?",
                Timestamp.from(nextAttempt), truncate(error), entry.id());
    }

    /** Gives up on {@code entry}: it stays visible, and blocks later entries of its projects, until re-queued. */
    public void deadLetter(OutboxEntry entry, String error) {
        update("UPDATE outbox SET etat = 'LETTRE_MORTE', derniere_erreur = ? WHERE id = ?", truncate(error), entry.id());
    }

    /** Re-queues the dead letter {@code id} for immediate delivery with a fresh attempt count; false if it is none. */
    public boolean requeue(long id, Instant now) {
        return update("UPDATE outbox SET etat = 'EN_ATTENTE', tentatives = 0, prochain_essai = ? "
                + "WHERE id = ? AND etat = 'LETTRE_MORTE'", Timestamp.from(now), id) == 1;
    }

    /** One line of the outbox listing. */
    public record Line(long id, String exchangeId, String pmoOperation, State state, int attempts, Instant createdAt,
            Instant deliveredAt, String lastError) {
    }

    /** Returns the entries in {@code state} (all if null), oldest first, at most {@code limit}. */
    public List<Line> list(State state, int limit) {
        String sql = "SELECT id, echange_id, operation, etat, tentatives, cree_le, livre_le, derniere_erreur FROM outbox"
                + (state == null ? "" : " WHERE etat = ?") + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            if (state != null) {
                select.setString(1, state.name());
            }
            List<Line> lines = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp delivered = rows.getTimestamp(7);
                    lines.add(new Line(rows.getLong(1), rows.getString(2), rows.getString(3),
                            State.valueOf(rows.getString(4)), rows.getInt(5), rows.getTimestamp(6).toInstant(),
                            delivered == null ? null : delivered.toInstant(), rows.getString(8)));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "outbox");
        }
    }

    /**
     * What the operator watches of the queue: entries not yet delivered (waiting or in flight), the
     * creation time of the oldest of them (null when there is none), and the dead letters.
     */
    public record Backlog(long undelivered, Instant oldestUndelivered, long deadLetters) {
    }

    /** Returns the queue's {@link Backlog}, in one statement. */
    public Backlog backlog() {
        String sql = "SELECT COUNT(CASE WHEN etat IN ('EN_ATTENTE', 'EN_COURS') THEN 1 END), "
                + "MIN(CASE WHEN etat IN ('EN_ATTENTE', 'EN_COURS') THEN cree_le END), "
                + "COUNT(CASE WHEN etat = 'LETTRE_MORTE' THEN 1 END) FROM outbox";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet row = select.executeQuery()) {
            row.next();
            Timestamp oldest = row.getTimestamp(2);
            return new Backlog(row.getLong(1), oldest == null ? null : oldest.toInstant(), row.getLong(3));
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "outbox");
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "outbox");
        }
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 4000);
    }
}
