package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;

/**
 * The exchange journal: one record per request, accepted or rejected, holding the request bytes
 * exactly as received; the service's one door to the database.
 *
 * <p>It composes the journal's parts: the {@link ExchangeChain} every record, answer and delivery is a
 * link of, the {@link ProjectRegister} of owners, places and progress, the {@link Outbox} an accepted
 * batch is queued in, and the read model the service answers queries from. An accepted submission is
 * written in one transaction (the exchange, its batch id, its items, the project register and the
 * outbox entry) and committed before the receipt is sent; if anything fails, nothing of it remains and
 * the caller gets a server fault. Every write that appends to the chain is a unit of the
 * {@link GroupCommit} it is given: appends made concurrently share one transaction, each under a
 * savepoint of its own, and each method returns once that transaction has committed.
 */
public final class Journal {

    /** The nature of the one item of a transfer's record: the project transferred. */
    private static final String TRANSFER = "TRANSFERT";

    private final GroupCommit appends;
    private final ExchangeChain chain;
    private final ProjectRegister projects;
    private final ExchangeReads reads;

    /**
     * Creates the journal in the database of {@code appends}, which commits its records, answers and
     * deliveries in groups; every record names {@code versions} as what handled it.
     */
    public Journal(GroupCommit appends, Versions versions) {
        this.appends = appends;
        this.chain = new ExchangeChain(versions);
        this.projects = new ProjectRegister(appends.dataSource());
        this.reads = new ExchangeReads(appends.dataSource());
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
        appends.run(request.exchangeId(), connection -> chain.record(connection, request,
                new ExchangeChain.Caller(operation, sender, thumbprint), batchId, Verdict.REJETE,
                reason.code().name(), reason.name() + "\n" + detail));
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
        ExchangeChain.Caller caller = new ExchangeChain.Caller(submission.operation(), submission.sender(),
                submission.thumbprint());
        Acceptance[] acceptance = new Acceptance[1];
        appends.run(request.exchangeId(), connection -> {
            // Locked before anything is read: writers, and head-office transfers, pass one at a time, so
            // concurrent copies of one batch find the first one's acceptance instead of racing it.
            ChainHead.lock(connection);
            Optional<Acceptance> original = previousAcceptance(connection, submission);
            if (original.isPresent()) {
                chain.record(connection, request, caller, submission.batchId(), Verdict.DOUBLON, null,
                        "retry of exchange " + original.get().exchangeId());
                // Its items too, so that a project's listing and evidence export show the retry.
                ExchangeChain.items(connection, request, submission.items());
                acceptance[0] = new Acceptance(original.get().exchangeId(), original.get().receivedAt(), true);
                return;
            }
            Set<String> batchProjects = projectsOf(submission);
            Map<String, String> owners = ProjectRegister.owners(connection, batchProjects);
            admission.admit(admissionInside(connection, owners));
            chain.record(connection, request, caller, submission.batchId(), Verdict.ACCEPTE, null, null);
            insertBatch(connection, request, submission);
            ExchangeChain.items(connection, request, submission.items());
            ProjectRegister.recordNewOwners(connection, request.exchangeId(), submission.owners(), owners);
            ProjectRegister.replacePlaces(connection, submission.places());
            ProjectRegister.recordProgress(connection, request.exchangeId(), submission.progress());
            Outbox.enqueue(connection, request, submission.delivery(), batchProjects);
            acceptance[0] = new Acceptance(request.exchangeId(), request.receivedAt(), false);
        });
        return acceptance[0];
    }

    /** What an admission check sees: the owners read under the lock, and the progress history on demand. */
    private static Admission admissionInside(Connection connection, Map<String, String> owners) {
        return new Admission() {
            @Override
            public Map<String, String> owners() {
                return owners;
            }

            @Override
            public Optional<Submission.Progress> lastProgressBefore(String projectCode, LocalDate asOf) {
                try {
                    return ProjectRegister.lastProgress(connection, projectCode, asOf);
                } catch (SQLException e) {
                    throw DatabaseFailures.of(e, projectCode);
                }
            }
        };
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
        appends.run(request.exchangeId(), connection -> {
            ChainHead.lock(connection);
            previous[0] = ProjectRegister.owners(connection, List.of(projectCode)).get(projectCode);
            check.admit(previous[0], ProjectRegister.places(connection, projectCode));
            chain.record(connection, request, new ExchangeChain.Caller(operation, sender, thumbprint), null,
                    Verdict.ACCEPTE, null,
                    "transfer of " + projectCode + " from " + previous[0] + " to " + newOwner + ": " + decision);
            ExchangeChain.items(connection, request, List.of(new Submission.Item(1, projectCode, TRANSFER, null)));
            ProjectRegister.transfer(connection, projectCode, newOwner, request.exchangeId());
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
        appends.run(exchangeId,
                connection -> ExchangeChain.answer(connection, exchangeId, nature, response, sentAt));
    }

    /**
     * Records a read-only request that was answered (a dry run, a state or feedback query: nothing of it
     * is kept besides this record) together with its answer, as verdict {@link Verdict#CONSULTE}.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if it cannot be stored
     */
    public void recordAnswered(ReceivedRequest request, String operation, String sender, String thumbprint,
            byte[] response, Instant sentAt) {
        appends.run(request.exchangeId(), connection -> {
            chain.record(connection, request, new ExchangeChain.Caller(operation, sender, thumbprint), null,
                    Verdict.CONSULTE, null, null);
            ExchangeChain.answer(connection, request.exchangeId(), ResponseNature.REPONSE, response, sentAt);
        });
    }

    /**
     * Returns the as-of date and physical progress of the last accepted progress report of
     * {@code projectCode} dated strictly before {@code asOf}, if any.
     */
    public Optional<Submission.Progress> lastProgressBefore(String projectCode, LocalDate asOf) {
        return projects.lastProgressBefore(projectCode, asOf);
    }

    /** Returns the recorded owner of each of {@code projectCodes} that has one (a project with an accepted fiche). */
    public Map<String, String> ownersOf(Collection<String> projectCodes) {
        return projects.ownersOf(projectCodes);
    }

    /** Returns where {@code projectCode} lies according to its last accepted fiche (empty if unknown). */
    public Set<Place> placesOf(String projectCode) {
        return projects.placesOf(projectCode);
    }

    /**
     * Returns the accepted submission {@code exchangeId} with its items and PMO feedback, if it exists (a
     * transfer, which has no batch, is not one).
     */
    public Optional<ExchangeRecord> findAccepted(String exchangeId) {
        return reads.findAccepted(exchangeId);
    }

    /** One page of PMO feedback for a sender. */
    public record FeedbackPage(List<byte[]> feedback, long lastId, boolean more) {
    }

    /**
     * Returns up to {@code limit} PMO feedback documents (ao:RetourPMO) for {@code sender} recorded
     * after the one numbered {@code afterId}, oldest first.
     */
    public FeedbackPage feedbackSince(String sender, long afterId, int limit) {
        return reads.feedbackSince(sender, afterId, limit);
    }

    /** The answer sent for an exchange, exactly as it left the gateway. */
    public record Answer(ResponseNature nature, Instant sentAt, byte[] bytes) {
    }

    /** Returns the answer sent for {@code exchangeId}, if it was recorded. */
    public Optional<Answer> answerOf(String exchangeId) {
        return reads.answerOf(exchangeId);
    }

    /**
     * Returns the precise reason recorded for the refused exchange {@code exchangeId} (the first line
     * of its {@code motifs}: a {@link Reason} name), if it was refused.
     */
    public Optional<String> reasonOf(String exchangeId) {
        return reads.reasonOf(exchangeId);
    }

    /** Returns the verdict recorded for {@code exchangeId}, if any. */
    public Optional<Verdict> verdictOf(String exchangeId) {
        return reads.verdictOf(exchangeId);
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

    private static Set<String> projectsOf(Submission submission) {
        Set<String> projects = new TreeSet<>();
        submission.items().forEach(item -> projects.add(item.reference()));
        return projects;
    }
}
