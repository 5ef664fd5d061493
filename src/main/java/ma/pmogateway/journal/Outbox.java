package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/**
 * The delivery queue towards the PMO (table {@code outbox}), filled by the journal in the transaction
 * that accepts a batch and drained by delivery workers on any node.
 *
 * <p>An entry is a small state machine; every move names the state it expects, and an outcome also
 * names the claim it ends, so a move that finds the row elsewhere changes nothing and says so:
 * <pre>
 *   EN_ATTENTE --claim--> EN_COURS (held by one claim: node and token)
 *   EN_COURS   --claim, its lease expired--> EN_COURS (held by the new claim)
 *   EN_COURS   --delivered, by its holder--> LIVRE
 *   EN_COURS   --retryLater, by its holder--> EN_ATTENTE (due at the next attempt)
 *   EN_COURS   --deadLetter, by its holder--> LETTRE_MORTE (with its reason)
 *   LETTRE_MORTE --requeue (operator)--> EN_ATTENTE (fresh attempt count)
 * </pre>
 * A worker whose lease expired while it was still delivering thus cannot overwrite the outcome of
 * the worker that took the entry over.
 *
 * <p>An entry is claimable when it is waiting and due, or when its claim's lease expired, and when no
 * earlier entry concerning one of its projects is still undelivered: a later situation never overtakes
 * an earlier one. Claims take row locks that other nodes skip, so each entry is taken by one node at a time.
 */
public final class Outbox {

    /** The states of an entry. */
    public enum State { EN_ATTENTE, EN_COURS, LIVRE, LETTRE_MORTE }

    /** What the PMO acknowledged of a deposit: its acknowledgement, and both signed messages as exchanged. */
    public record Deposit(byte[] acknowledgement, byte[] sentMessage, byte[] receivedMessage) {
    }

    /** The longest error text kept with an entry (the column's size). */
    private static final int ERROR_LENGTH = 4000;
    /** The longest lease holder the column takes: a node name, a slash and a claim token. */
    private static final int HOLDER_LENGTH = 64;
    private static final int TOKEN_BYTES = 6;

    private static final String CLAIMABLE = "SELECT o.id, o.echange_id, o.operation, o.message_id, o.document, "
            + "o.tentatives, o.cree_le FROM outbox o "
            + "WHERE ((o.etat = 'EN_ATTENTE' AND o.prochain_essai <= ?) OR (o.etat = 'EN_COURS' AND o.pris_le < ?)) "
            + "AND NOT EXISTS (SELECT 1 FROM outbox_projet mine JOIN outbox_projet other "
            + "ON other.code_projet = mine.code_projet AND other.outbox_id < mine.outbox_id "
            + "JOIN outbox earlier ON earlier.id = other.outbox_id "
            + "WHERE mine.outbox_id = o.id AND earlier.etat <> 'LIVRE') "
            + "ORDER BY o.id FETCH FIRST %d ROWS ONLY FOR UPDATE SKIP LOCKED";
    /** The guard of every outcome: the entry is still held by the claim that reports it. */
    private static final String HELD = " WHERE id = ? AND etat = 'EN_COURS' AND pris_par = ? AND tentatives = ?";

    private final DataSource dataSource;
    private final GroupCommit appends;

    /**
     * Creates the outbox of the journal in {@code dataSource}, each delivery recorded in a transaction
     * of its own (the operator's commands, which record none).
     */
    public Outbox(DataSource dataSource) {
        this(new GroupCommit(dataSource, 1));
    }

    /** Creates the outbox of the journal whose chain appends {@code appends} commits: deliveries join its groups. */
    public Outbox(GroupCommit appends) {
        this.dataSource = appends.dataSource();
        this.appends = appends;
    }

    /**
     * Queues the batch's PMO document for delivery, tagged with its {@code projects} so that delivery
     * keeps their order; part of the transaction that accepts it. The exchange id doubles as the PMO
     * message id: stable across retries.
     */
    static void enqueue(Connection connection, ReceivedRequest request, Submission.Delivery delivery,
            Collection<String> projects) throws SQLException {
        long outboxId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (echange_id, operation, message_id, document, document_sha256, etat, tentatives, "
                        + "cree_le, prochain_essai) VALUES (?, ?, ?, ?, ?, 'EN_ATTENTE', 0, ?, ?)",
                new String[] {"id"})) {
            insert.setString(1, request.exchangeId());
            insert.setString(2, delivery.pmoOperation());
            insert.setString(3, request.exchangeId());
            insert.setBytes(4, delivery.document());
            insert.setString(5, Sha256.hex(delivery.document()));
            insert.setTimestamp(6, Timestamp.from(request.receivedAt()));
            insert.setTimestamp(7, Timestamp.from(request.receivedAt()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                outboxId = keys.getLong(1);
            }
        }
        try (PreparedStatement tag = connection.prepareStatement(
                "INSERT INTO outbox_projet (outbox_id, code_projet) VALUES (?, ?)")) {
            for (String project : projects) {
                tag.setLong(1, outboxId);
                tag.setString(2, project);
                tag.addBatch();
            }
            tag.executeBatch();
        }
    }

    /**
     * Claims up to {@code max} entries for {@code node} and returns them, oldest first, each with a
     * lease of its own. An entry claimed more than {@code lease} ago whose holder never reported is
     * claimed again: the PMO's deduplication makes that second delivery harmless, and the first holder's
     * late outcome is refused.
     *
     * @throws IllegalArgumentException if {@code node} is too long to be stored with a claim token
     */
    public List<OutboxEntry> claim(String node, int max, Instant now, Duration lease) {
        String holder = node + "/" + HexFormat.of().formatHex(token());
        if (holder.length() > HOLDER_LENGTH) {
            throw new IllegalArgumentException("node name too long: " + node);
        }
        Timestamp expired = Timestamp.from(now.minus(lease));
        List<OutboxEntry> claimed = new ArrayList<>();
        Transactions.run(dataSource, "outbox", connection -> {
            List<OutboxEntry> candidates = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(CLAIMABLE.formatted(max))) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setTimestamp(2, expired);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(new OutboxEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getBytes(5), rows.getInt(6) + 1,
                                rows.getTimestamp(7).toInstant(), holder));
                    }
                }
            }
            try (PreparedStatement take = connection.prepareStatement(
                    "UPDATE outbox SET etat = 'EN_COURS', pris_par = ?, pris_le = ?, tentatives = ? WHERE id = ? "
                            + "AND (etat = 'EN_ATTENTE' OR (etat = 'EN_COURS' AND pris_le < ?))")) {
                for (OutboxEntry entry : candidates) {
                    take.setString(1, holder);
                    take.setTimestamp(2, Timestamp.from(now));
                    take.setInt(3, entry.attempts());
                    take.setLong(4, entry.id());
                    take.setTimestamp(5, expired);
                    if (take.executeUpdate() == 1) {
                        claimed.add(entry);
                    }
                }
            }
        });
        return claimed;
    }

    /**
     * Records {@code entry} as delivered with the PMO's acknowledgement, both signed messages as a link
     * of the journal's chain, and the PMO's feedback on each of its items (ao:RetourPMO documents, in
     * item order) for the sender to collect; one transaction.
     *
     * @return false, and nothing is recorded, if {@code entry}'s claim no longer holds it (its lease
     *         expired and another worker took it over)
     */
    public boolean delivered(OutboxEntry entry, Deposit deposit, List<byte[]> feedback, Instant now) {
        boolean[] held = new boolean[1];
        appends.run("outbox", connection -> {
            // The chain head first, as every append takes it: a group holds it before any entry's row, and a
            // delivery locking the row first would wait for the head held by a group waiting for that row.
            ChainHead.lock(connection);
            try (PreparedStatement done = connection.prepareStatement(
                    "UPDATE outbox SET etat = 'LIVRE', livre_le = ?, accuse = ?, derniere_erreur = NULL" + HELD)) {
                done.setTimestamp(1, Timestamp.from(now));
                done.setBytes(2, deposit.acknowledgement());
                bindHolder(done, 3, entry);
                held[0] = done.executeUpdate() == 1;
            }
            if (!held[0]) {
                return;
            }
            ExchangeChain.delivery(connection, entry.exchangeId(), now, deposit.sentMessage(),
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
        return held[0];
    }

    /**
     * Puts {@code entry} back in the queue for another attempt at {@code nextAttempt}, keeping {@code error}.
     *
     * @return false, and nothing changes, if {@code entry}'s claim no longer holds it
     */
    public boolean retryLater(OutboxEntry entry, String error, Instant nextAttempt) {
        return update("UPDATE outbox SET etat = 'EN_ATTENTE', prochain_essai = ?, derniere_erreur = ?" + HELD,
                Timestamp.from(nextAttempt), truncate(error), entry.id(), entry.lease(), entry.attempts()) == 1;
    }

    /**
     * Gives up on {@code entry} for {@code error}: it stays visible, and blocks later entries of its
     * projects, until re-queued.
     *
     * @return false, and nothing changes, if {@code entry}'s claim no longer holds it
     */
    public boolean deadLetter(OutboxEntry entry, String error) {
        return update("UPDATE outbox SET etat = 'LETTRE_MORTE', derniere_erreur = ?" + HELD, truncate(error),
                entry.id(), entry.lease(), entry.attempts()) == 1;
    }

    /** Re-queues the dead letter {@code id} for immediate delivery with a fresh attempt count; false if it is none. */
    public boolean requeue(long id, Instant now) {
        return update("UPDATE outbox SET etat = 'EN_ATTENTE', tentatives = 0, prochain_essai = ?, pris_par = NULL, "
                + "pris_le = NULL WHERE id = ? AND etat = 'LETTRE_MORTE'", Timestamp.from(now), id) == 1;
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

    /** A fresh claim token: two claims of one node, even of the same entry, never hold the same lease. */
    private static byte[] token() {
        byte[] token = new byte[TOKEN_BYTES];
        ThreadLocalRandom.current().nextBytes(token);
        return token;
    }

    /** Binds the {@link #HELD} guard's three parameters from {@code index} on. */
    private static void bindHolder(PreparedStatement statement, int index, OutboxEntry entry) throws SQLException {
        statement.setLong(index, entry.id());
        statement.setString(index + 1, entry.lease());
        statement.setInt(index + 2, entry.attempts());
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
        return error == null || error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH);
    }
}
