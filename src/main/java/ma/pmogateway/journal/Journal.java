package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.support.Sha256;

/**
 * The exchange journal: one record per request, accepted or rejected, holding the request bytes
 * exactly as received.
 *
 * <p>An accepted submission is written in one transaction (the exchange, its batch id, its items and
 * the project locations) and committed before the receipt is sent; if anything fails, nothing of it
 * remains and the caller gets a server fault.
 */
public final class Journal {

    /** How many project codes one look-up of owners binds. */
    private static final int OWNERS_PER_QUERY = 200;
    /** The nature of the one item of a transfer's record: the project transferred. */
    private static final String TRANSFER = "TRANSFERT";

    private final DataSource dataSource;
    private final Versions versions;

    /** Creates the journal in {@code dataSource}; every record names {@code versions} as what handled it. */
    public Journal(DataSource dataSource, Versions versions) {
        this.dataSource = dataSource;
        this.versions = versions;
    }

    /**
     * What the transaction that accepts a batch knows of the batch's projects, as committed when it
     * decides: every other writer, on any node, waits for it.
     */
    public interface Admission {
        /** Returns the recorded owner of each project of the batch that has one. */
        Map<String, String> owners();

        /**
         * Returns the last accepted progress report of {@code projectCode} dated strictly before
         * {@code asOf}, if any.
         */
        Optional<Submission.Progress> lastProgressBefore(String projectCode, LocalDate asOf);
    }

    /**
     * Decides, inside the transaction that accepts a batch and while every other writer waits, whether
     * it may still be accepted: its sender still owns its projects, its reports still keep their
     * projects' history rules. Two nodes racing (a transfer against a fiche, two reports of one project)
     * cannot both win.
     */
    @FunctionalInterface
    public interface AdmissionCheck {
        /**
         * Returns normally to let the batch be accepted.
         *
         * @throws GatewayException to refuse the batch; nothing of it is kept
         */
        void admit(Admission admission);
    }

    /** The outcome of recording a submission. */
    public record Acceptance(String exchangeId, Instant receivedAt, boolean retry) {
    }

    /**
     * Records a rejected request: the batch id it declared ({@code batchId}, null if none was read), its
     * error code, the precise {@code reason} that refused it (the first line of the record's
     * {@code motifs}, read back by {@link #reasonOf}) and the full {@code detail} (the security details
     * included: the journal is where they go instead of the caller).
     */
    public void recordRejected(ReceivedRequest request, String operation, String sender, String thumbprint,
            String batchId, Reason reason, String detail) {
        Transactions.run(dataSource, request.exchangeId(), connection -> insertExchange(connection, request, operation,
                sender, thumbprint, batchId, "REJETE", reason.code().name(), reason.name() + "\n" + detail));
    }

    /**
     * Records an accepted submission durably and returns the exchange to acknowledge. A batch already
     * accepted from this sender with the same content is a retry: it is recorded as such and its
     * original exchange is returned.
     *
     * <p>{@code admission} is asked, under the chain head's lock, whether the batch may still be accepted
     * as the journal stands; the projects it is the first fiche of are recorded with their owner.
     *
     * @throws GatewayException {@link ErrorCode#ENVOI_EN_DOUBLE} if the batch id was accepted with other
     *                          content; {@link ErrorCode#ERREUR_INTERNE} if the commit fails; whatever
     *                          {@code admission} throws
     */
    public Acceptance recordAccepted(ReceivedRequest request, Submission submission, AdmissionCheck admission) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // Locked before anything is read: writers, and head-office transfers, pass one at a time, so
                // concurrent copies of one batch find the first one's acceptance instead of racing it.
                ChainHead.lock(connection);
                Optional<Acceptance> original = previousAcceptance(connection, submission);
                if (original.isPresent()) {
                    insertExchange(connection, request, submission.operation(), submission.sender(),
                            submission.thumbprint(), submission.batchId(), "DOUBLON", null,
                            "retry of exchange " + original.get().exchangeId());
                    // Its items too, so that a project's listing and evidence export show the retry.
                    insertItems(connection, request, submission.items());
                    connection.commit();
                    return new Acceptance(original.get().exchangeId(), original.get().receivedAt(), true);
                }
                Map<String, String> owners = owners(connection, projectsOf(submission));
                admission.admit(new Admission() {
                    @Override
                    public Map<String, String> owners() {
                        return owners;
                    }

                    @Override
                    public Optional<Submission.Progress> lastProgressBefore(String projectCode, LocalDate asOf) {
                        try {
                            return lastProgress(connection, projectCode, asOf);
                        } catch (SQLException e) {
                            throw DatabaseFailures.of(e, projectCode);
                        }
                    }
                });
                insertExchange(connection, request, submission.operation(), submission.sender(), submission.thumbprint(),
                        submission.batchId(), "ACCEPTE", null, null);
                insertBatch(connection, request, submission);
                insertItems(connection, request, submission.items());
                recordNewOwners(connection, request, submission.owners(), owners);
                replacePlaces(connection, submission.places());
                insertProgress(connection, request, submission.progress());
                enqueue(connection, request, submission);
                connection.commit();
                return new Acceptance(request.exchangeId(), request.receivedAt(), false);
            } catch (SQLException | RuntimeException e) {
                Transactions.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, request.exchangeId());
        }
    }

    /**
     * Decides, inside the transaction of a transfer and while every other writer waits, whether the
     * project may change owner as it stands now.
     */
    @FunctionalInterface
    public interface TransferCheck {
        /**
         * Returns normally to let the transfer be recorded.
         *
         * @param owner  the project's recorded owner, or null if the journal knows no fiche of it
         * @param places where the project lies, according to its last accepted fiche
         * @throws GatewayException to refuse it; nothing is kept
         */
        void admit(String owner, Set<Place> places);
    }

    /** A recorded transfer: the project's owner before and after. */
    public record Transfer(String exchangeId, Instant recordedAt, String projectCode, String previousOwner,
            String newOwner) {
    }

    /**
     * Records a head-office transfer of {@code projectCode} to {@code newOwner} on {@code decision}: the request as an
     * accepted exchange of the chain, naming the project, and the project's new owner, in one transaction.
     * The check runs under the chain head's lock, so a batch being accepted at the same time sees either
     * the old owner or the new one, never both.
     *
     * @throws GatewayException whatever {@code check} throws; {@link ErrorCode#ERREUR_INTERNE} if the commit fails
     */
    public Transfer recordTransfer(ReceivedRequest request, String operation, String sender, String thumbprint,
            String projectCode, String newOwner, String decision, TransferCheck check) {
        String[] previous = new String[1];
        Transactions.run(dataSource, request.exchangeId(), connection -> {
            ChainHead.lock(connection);
            previous[0] = owners(connection, List.of(projectCode)).get(projectCode);
            check.admit(previous[0], places(connection, projectCode));
            insertExchange(connection, request, operation, sender, thumbprint, null, "ACCEPTE", null,
                    "transfer of " + projectCode + " from " + previous[0] + " to " + newOwner + ": " + decision);
            insertItems(connection, request, List.of(new Submission.Item(1, projectCode, TRANSFER, null)));
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE projet_proprietaire SET proprietaire = ?, echange_id = ? WHERE code_projet = ?")) {
                update.setString(1, newOwner);
                update.setString(2, request.exchangeId());
                update.setString(3, projectCode);
                update.executeUpdate();
            }
        });
        return new Transfer(request.exchangeId(), request.receivedAt(), projectCode, previous[0], newOwner);
    }

    /**
     * Records the answer sent for an exchange already in the journal, as a link of the chain.
     *
     * @param sentAt when it was written (stored to the millisecond)
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if it cannot be stored
     */
    public void recordResponse(String exchangeId, ResponseNature nature, byte[] response, Instant sentAt) {
        Transactions.run(dataSource, exchangeId,
                connection -> ChainAppends.response(connection, exchangeId, nature, response, sentAt));
    }

    /**
     * Records a read-only request that was answered (a dry run, a state or feedback query: nothing of it
     * is kept besides this record) together with its answer, as verdict CONSULTE.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if it cannot be stored
     */
    public void recordAnswered(ReceivedRequest request, String operation, String sender, String thumbprint,
            byte[] response, Instant sentAt) {
        Transactions.run(dataSource, request.exchangeId(), connection -> {
            insertExchange(connection, request, operation, sender, thumbprint, null, "CONSULTE", null, null);
            ChainAppends.response(connection, request.exchangeId(), ResponseNature.REPONSE, response, sentAt);
        });
    }

    /**
     * Returns the as-of date, physical progress and cumulative amounts of the last accepted progress report of
     * {@code projectCode} dated strictly before {@code asOf}, if any.
     */
    public Optional<Submission.Progress> lastProgressBefore(String projectCode, LocalDate asOf) {
        try (Connection connection = dataSource.getConnection()) {
            return lastProgress(connection, projectCode, asOf);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, projectCode);
        }
    }

    private static Optional<Submission.Progress> lastProgress(Connection connection, String projectCode,
            LocalDate asOf) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT date_arrete, avancement, montant_engage, montant_emis, montant_paye FROM projet_avancement "
                        + "WHERE code_projet = ? AND date_arrete < ? "
                        + "ORDER BY date_arrete DESC")) {
            select.setString(1, projectCode);
            select.setObject(2, asOf, Types.DATE);
            select.setMaxRows(1);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                // A report accepted before the amounts were journaled (V15) has none.
                Submission.Amounts amounts = row.getBigDecimal(3) == null ? null
                        : new Submission.Amounts(row.getBigDecimal(3), row.getBigDecimal(4), row.getBigDecimal(5));
                return Optional.of(new Submission.Progress(projectCode, row.getDate(1).toLocalDate(),
                        row.getBigDecimal(2), amounts));
            }
        }
    }

    /** Returns the recorded owner of each of {@code projectCodes} that has one (a project with an accepted fiche). */
    public Map<String, String> ownersOf(Collection<String> projectCodes) {
        try (Connection connection = dataSource.getConnection()) {
            return owners(connection, projectCodes);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, projectCodes);
        }
    }

    /** Returns where {@code projectCode} lies according to its last accepted fiche (empty if unknown). */
    public Set<Place> placesOf(String projectCode) {
        try (Connection connection = dataSource.getConnection()) {
            return places(connection, projectCode);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, projectCode);
        }
    }

    private static Set<Place> places(Connection connection, String projectCode) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT region, province FROM projet_localisation WHERE code_projet = ?")) {
            select.setString(1, projectCode);
            Set<Place> places = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    places.add(new Place(rows.getString(1), rows.getString(2)));
                }
            }
            return places;
        }
    }

    /**
     * Returns the accepted submission {@code exchangeId} with its items and PMO feedback, if it exists (a
     * transfer, which has no batch, is not one).
     */
    public Optional<ExchangeRecord> findAccepted(String exchangeId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement exchange = connection.prepareStatement(
                        "SELECT e.identifiant_envoi, e.operation, e.emetteur, e.recu_le, o.tentatives, o.etat "
                                + "FROM echange e LEFT JOIN outbox o ON o.echange_id = e.id "
                                + "WHERE e.id = ? AND e.verdict = 'ACCEPTE' AND e.identifiant_envoi IS NOT NULL")) {
            exchange.setString(1, exchangeId);
            try (ResultSet row = exchange.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ExchangeRecord(exchangeId, row.getString(1), row.getString(2),
                        row.getString(3), row.getTimestamp(4).toInstant(), items(connection, exchangeId),
                        feedback(connection, exchangeId), row.getInt(5), "LETTRE_MORTE".equals(row.getString(6))));
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, exchangeId);
        }
    }

    /** One page of PMO feedback for a sender. */
    public record FeedbackPage(List<byte[]> feedback, long lastId, boolean more) {
    }

    /**
     * Returns up to {@code limit} PMO feedback documents (ao:RetourPMO) for {@code sender} recorded
     * after the one numbered {@code afterId}, oldest first.
     */
    public FeedbackPage feedbackSince(String sender, long afterId, int limit) {
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
            return new FeedbackPage(feedback, lastId, more);
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

    /** The answer sent for an exchange, exactly as it left the gateway. */
    public record Answer(ResponseNature nature, Instant sentAt, byte[] bytes) {
    }

    /** Returns the answer sent for {@code exchangeId}, if it was recorded. */
    public Optional<Answer> answerOf(String exchangeId) {
        return lookUp("SELECT nature, envoyee_le, reponse FROM reponse WHERE echange_id = ?", exchangeId,
                row -> new Answer(ResponseNature.valueOf(row.getString(1)), row.getTimestamp(2).toInstant(),
                        row.getBytes(3)));
    }

    /**
     * Returns the precise reason recorded for the refused exchange {@code exchangeId} (the first line
     * of its {@code motifs}: a {@link Reason} name), if it was refused.
     */
    public Optional<String> reasonOf(String exchangeId) {
        return lookUp("SELECT motifs FROM echange WHERE id = ? AND verdict = 'REJETE' AND motifs IS NOT NULL",
                exchangeId, row -> row.getString(1).lines().findFirst().orElse(""));
    }

    /** Returns the verdict recorded for {@code exchangeId} (ACCEPTE, REJETE, DOUBLON, CONSULTE), if any. */
    public Optional<String> verdictOf(String exchangeId) {
        return lookUp("SELECT verdict FROM echange WHERE id = ?", exchangeId, row -> row.getString(1));
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

    private static Optional<Acceptance> previousAcceptance(Connection connection, Submission submission)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT b.echange_id, b.empreinte_contenu, e.recu_le FROM envoi_accepte b "
                        + "JOIN echange e ON e.id = b.echange_id WHERE b.emetteur = ? AND b.identifiant_envoi = ?")) {
            select.setString(1, submission.sender());
            select.setString(2, submission.batchId());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                if (!rows.getString(2).equals(submission.contentDigest())) {
                    throw new GatewayException(ErrorCode.ENVOI_EN_DOUBLE, null, submission.batchId());
                }
                return Optional.of(new Acceptance(rows.getString(1), rows.getTimestamp(3).toInstant(), true));
            }
        }
    }

    /**
     * Inserts the exchange record as the next link of the hash chain. The chain head's row stays
     * locked until the caller's transaction ends, so concurrent writers, on any node, append one
     * after the other.
     */
    private void insertExchange(Connection connection, ReceivedRequest request, String operation,
            String sender, String thumbprint, String batchId, String verdict, String errorCode, String reasons)
            throws SQLException {
        ChainHead.Position position = ChainHead.lock(connection);
        ChainLink link = new ChainLink(ChainLink.FORMAT, position.nextSequence(), request.exchangeId(),
                request.receivedAt(), operation, sender, thumbprint, batchId, verdict, errorCode, request.digest(),
                reasons, versions, position.previousHash());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO echange (id, recu_le, operation, emetteur, empreinte_certificat, identifiant_envoi, "
                        + "empreinte_requete, requete, verdict, code_erreur, motifs, correlation, sequence, "
                        + "hash_precedent, hash, format_chaine, version_regles, version_transformation, version_listes) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, request.exchangeId());
            insert.setTimestamp(2, Timestamp.from(request.receivedAt()));
            setNullable(insert, 3, operation);
            setNullable(insert, 4, sender);
            setNullable(insert, 5, thumbprint);
            setNullable(insert, 6, batchId);
            insert.setString(7, request.digest());
            insert.setBytes(8, request.bytes());
            insert.setString(9, verdict);
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

    private static void insertBatch(Connection connection, ReceivedRequest request, Submission submission)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO envoi_accepte (emetteur, identifiant_envoi, echange_id, empreinte_contenu) "
                        + "VALUES (?, ?, ?, ?)")) {
            insert.setString(1, submission.sender());
            insert.setString(2, submission.batchId());
            insert.setString(3, request.exchangeId());
            insert.setString(4, submission.contentDigest());
            insert.executeUpdate();
        }
    }

    private static void insertItems(Connection connection, ReceivedRequest request, List<Submission.Item> items)
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

    private static Set<String> projectsOf(Submission submission) {
        Set<String> projects = new TreeSet<>();
        submission.items().forEach(item -> projects.add(item.reference()));
        return projects;
    }

    private static Map<String, String> owners(Connection connection, Collection<String> projectCodes)
            throws SQLException {
        Map<String, String> owners = new HashMap<>();
        List<String> codes = List.copyOf(projectCodes);
        // A batch holds up to 1,000 projects: a few statements, not one per project, under the chain head's lock.
        for (int from = 0; from < codes.size(); from += OWNERS_PER_QUERY) {
            List<String> chunk = codes.subList(from, Math.min(codes.size(), from + OWNERS_PER_QUERY));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT code_projet, proprietaire FROM projet_proprietaire WHERE code_projet IN ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        owners.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return owners;
    }

    /** Records the owner of each project this batch is the first accepted fiche of. */
    private static void recordNewOwners(Connection connection, ReceivedRequest request, Map<String, String> owners,
            Map<String, String> known) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO projet_proprietaire (code_projet, proprietaire, echange_id) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> project : owners.entrySet()) {
                if (!known.containsKey(project.getKey())) {
                    insert.setString(1, project.getKey());
                    insert.setString(2, project.getValue());
                    insert.setString(3, request.exchangeId());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void replacePlaces(Connection connection, Map<String, Set<Place>> places) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM projet_localisation WHERE code_projet = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO projet_localisation (code_projet, region, province) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Set<Place>> project : places.entrySet()) {
                delete.setString(1, project.getKey());
                delete.executeUpdate();
                for (Place place : new ArrayList<>(project.getValue())) {
                    insert.setString(1, project.getKey());
                    insert.setString(2, place.region());
                    insert.setString(3, place.province());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void insertProgress(Connection connection, ReceivedRequest request,
            List<Submission.Progress> progress) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "DELETE FROM projet_avancement WHERE code_projet = ? AND date_arrete = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO projet_avancement (code_projet, date_arrete, avancement, echange_id, montant_engage, "
                                + "montant_emis, montant_paye) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Submission.Progress report : progress) {
                // A corrected report for the same date replaces the earlier one.
                merge.setString(1, report.projectCode());
                merge.setObject(2, report.asOf(), Types.DATE);
                merge.executeUpdate();
                insert.setString(1, report.projectCode());
                insert.setObject(2, report.asOf(), Types.DATE);
                insert.setBigDecimal(3, report.physicalProgress());
                insert.setString(4, request.exchangeId());
                insert.setBigDecimal(5, report.amounts().committed());
                insert.setBigDecimal(6, report.amounts().issued());
                insert.setBigDecimal(7, report.amounts().paid());
                insert.executeUpdate();
            }
        }
    }

    /**
     * Queues the batch's PMO document for delivery, tagged with its projects so that the delivery
     * keeps their order. The exchange id doubles as the PMO message id: stable across retries.
     */
    private static void enqueue(Connection connection, ReceivedRequest request, Submission submission)
            throws SQLException {
        long outboxId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (echange_id, operation, message_id, document, document_sha256, etat, tentatives, "
                        + "cree_le, prochain_essai) VALUES (?, ?, ?, ?, ?, 'EN_ATTENTE', 0, ?, ?)",
                new String[] {"id"})) {
            insert.setString(1, request.exchangeId());
            insert.setString(2, submission.delivery().pmoOperation());
            insert.setString(3, request.exchangeId());
            insert.setBytes(4, submission.delivery().document());
            insert.setString(5, Sha256.hex(submission.delivery().document()));
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
            for (String project : projectsOf(submission)) {
                tag.setLong(1, outboxId);
                tag.setString(2, project);
                tag.addBatch();
            }
            tag.executeBatch();
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
