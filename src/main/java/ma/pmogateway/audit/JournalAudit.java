package ma.pmogateway.audit;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.ArtefactArchive;
import ma.pmogateway.journal.ChainVerifier;
import ma.pmogateway.journal.TrustArchive;
import ma.pmogateway.transform.Transformer;

/**
 * The auditor's check of the journal ({@code audit verify}), whole or over a range of the chain: the
 * hash chain (records and answers); for every accepted request, its WS-Security signature from the
 * stored bytes with the trust material in use when it was received ({@link TrustHistory}) and the
 * re-run of the recorded transformation, which must reproduce the stored PMO document byte for byte
 * ({@link TransformationReplay}); for every delivery to the PMO, the gateway's signed message and the
 * PMO's signed acknowledgement, which must confirm it; and the signed checkpoints, which catch records
 * removed from the end of the journal.
 *
 * <p>Each problem names the exchange (or checkpoint) it was found at; the report says up to which
 * checkpoint the journal is proven, that is the last valid checkpoint with no problem at or before it.
 */
public final class JournalAudit {

    private final DataSource dataSource;
    private final X509Certificate gatewayCertificate;
    private final TransformationReplay replay;

    /**
     * Creates the audit of the journal in {@code dataSource}: requests are verified with the trust material
     * archived in the journal, transformations re-run with {@code transformer} (this build's stylesheets
     * and code lists), checkpoints and delivered messages must be signed by {@code gatewayCertificate} or
     * by an earlier certificate of the gateway archived in the journal ({@link GatewaySigners}).
     */
    public JournalAudit(DataSource dataSource, X509Certificate gatewayCertificate, Transformer transformer) {
        this.dataSource = dataSource;
        this.gatewayCertificate = gatewayCertificate;
        this.replay = new TransformationReplay(transformer, new ArtefactArchive(dataSource));
    }

    /** The links of the chain to audit, by sequence, both inclusive. */
    public record Range(long first, long last) {

        /** The whole journal. */
        public static final Range ALL = new Range(1, Long.MAX_VALUE);

        boolean reachesTheEnd() {
            return last == Long.MAX_VALUE;
        }

        /** Sets the two parameters of {@code select}'s {@code sequence BETWEEN ? AND ?}. */
        void bind(PreparedStatement select) throws SQLException {
            select.setLong(1, first);
            select.setLong(2, last);
        }
    }

    /** Told how far the per-record checks are, for a progress display. */
    @FunctionalInterface
    public interface Progress {
        /** Nothing to show. */
        Progress NONE = (done, total) -> { };

        /** Called before the first accepted record and after each one checked: {@code done} of {@code total}. */
        void advanced(long done, long total);
    }

    /** One problem found: where (exchange id and sequence, when known) and what. */
    public record Problem(String exchangeId, long sequence, String what) {
        @Override
        public String toString() {
            String where = String.join(" ", sequence > 0 ? "sequence " + sequence : "",
                    exchangeId != null ? "exchange " + exchangeId : "").strip();
            return (where.isEmpty() ? "" : where + ": ") + what;
        }
    }

    /**
     * The outcome: what was checked, every problem, and the strongest checkpoint proof.
     *
     * @param recordsChecked            exchange records in the range
     * @param signaturesVerified        accepted requests whose signature verified
     * @param transformationsReproduced accepted requests whose PMO document was reproduced byte for byte
     * @param transformationsNotRerun   records made with stylesheets or code lists that are neither this
     *                                  build's nor archived (listed in {@code notRerun}): not a problem,
     *                                  not a proof either
     * @param deliveriesVerified        deliveries whose message (the gateway's) and acknowledgement (the
     *                                  PMO's, confirming the message) verified
     */
    public record Report(long recordsChecked, int signaturesVerified, int transformationsReproduced,
            int transformationsNotRerun, int deliveriesVerified, int checkpointsVerified, List<Problem> problems,
            List<Problem> notRerun, Optional<String> provenUpTo) {

        /** Returns true if no problem was found. */
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /**
     * Returns the range of the chain holding the records received from {@code from} (inclusive) until
     * {@code to} (exclusive), with the answers that follow them; either bound may be null (open).
     */
    public Range range(Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection()) {
            long first = from == null ? 1 : firstSequenceFrom(connection, from).orElse(Long.MAX_VALUE);
            long last = to == null ? Long.MAX_VALUE
                    : firstSequenceFrom(connection, to).map(sequence -> sequence - 1).orElse(Long.MAX_VALUE);
            return new Range(first, last);
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "journal");
        }
    }

    /** Audits the whole journal. */
    public Report run() {
        return run(Range.ALL, Progress.NONE);
    }

    /**
     * Runs every check on {@code range} and returns the report; problems are reported, not thrown.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the journal cannot be read
     */
    public Report run(Range range, Progress progress) {
        List<Problem> problems = new ArrayList<>();
        for (ChainVerifier.Break chainBreak : new ChainVerifier(dataSource).verify(range.first(), range.last())) {
            problems.add(new Problem(chainBreak.exchangeId(), chainBreak.sequence(), chainBreak.what()));
        }
        try (Connection connection = dataSource.getConnection()) {
            TrustArchive archive = new TrustArchive(dataSource);
            StoredMessageVerifier messages = new StoredMessageVerifier(TrustHistory.of(archive));
            GatewaySigners gateway = GatewaySigners.of(gatewayCertificate, archive);
            Accepted accepted = checkAcceptedRecords(connection, messages, range, progress, problems);
            int deliveries = verifyDeliveries(connection, messages, gateway, range, problems);
            List<Checkpoints.Stored> valid = verifyCheckpoints(connection, gateway, range, problems);
            return new Report(count(connection, range), accepted.signatures, accepted.reproduced,
                    accepted.notRerun.size(), deliveries, valid.size(), List.copyOf(problems),
                    List.copyOf(accepted.notRerun), proof(valid, problems));
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "journal");
        }
    }

    /** Tallies of the per-record checks. */
    private static final class Accepted {
        int signatures;
        int reproduced;
        final List<Problem> notRerun = new ArrayList<>();
    }

    private Accepted checkAcceptedRecords(Connection connection, StoredMessageVerifier requests, Range range,
            Progress progress, List<Problem> problems) throws SQLException {
        long total = countAccepted(connection, range);
        Accepted tally = new Accepted();
        long done = 0;
        progress.advanced(done, total);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT e.id, e.sequence, e.requete, e.recu_le, e.version_transformation, e.version_listes, o.document, "
                        + "e.identifiant_envoi "
                        + "FROM echange e LEFT JOIN outbox o ON o.echange_id = e.id "
                        + "WHERE e.verdict = 'ACCEPTE' AND e.sequence BETWEEN ? AND ? ORDER BY e.sequence")) {
            range.bind(select);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    AcceptedRecord record = new AcceptedRecord(row.getString(1), row.getLong(2), row.getBytes(3),
                            row.getTimestamp(4).toInstant(), row.getString(5), row.getString(6), row.getBytes(7),
                            row.getString(8) != null);
                    try {
                        requests.verify(record.request(), record.receivedAt());
                        tally.signatures++;
                    } catch (VerificationFailure e) {
                        problems.add(record.problem("stored request: " + e.getMessage()));
                    }
                    if (record.submission()) {
                        replay(record, tally, problems);
                    }
                    progress.advanced(++done, total);
                }
            }
        }
        return tally;
    }

    /**
     * An accepted exchange as the journal holds it, with the PMO document queued for it; a submission
     * has a batch to translate, a head-office transfer (TransfererProjet) has none.
     */
    private record AcceptedRecord(String id, long sequence, byte[] request, Instant receivedAt, String stylesheets,
            String codeLists, byte[] document, boolean submission) {

        Problem problem(String what) {
            return new Problem(id, sequence, what);
        }
    }

    private void replay(AcceptedRecord record, Accepted tally, List<Problem> problems) {
        if (record.document() == null) {
            problems.add(record.problem("accepted, but its PMO document is missing"));
            return;
        }
        try {
            if (replay.check(record.id(), record.receivedAt(), record.request(), record.stylesheets(),
                    record.codeLists(), record.document()) == TransformationReplay.Outcome.REPRODUCED) {
                tally.reproduced++;
            } else {
                tally.notRerun.add(record.problem("transformation not re-run: recorded with stylesheets "
                        + record.stylesheets() + " and code lists " + record.codeLists()
                        + ", neither this build's nor archived"));
            }
        } catch (VerificationFailure e) {
            problems.add(record.problem(e.getMessage()));
        }
    }

    /**
     * Each delivery's message must be signed by the gateway and its acknowledgement by a certificate
     * trusted when it was received, confirming that message's signature; and an exchange the outbox
     * says was delivered must have its delivery in the chain.
     */
    private int verifyDeliveries(Connection connection, StoredMessageVerifier messages, GatewaySigners gateway,
            Range range, List<Problem> problems) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT e.id, e.sequence FROM echange e JOIN outbox o ON o.echange_id = e.id "
                        + "LEFT JOIN livraison l ON l.echange_id = e.id "
                        + "WHERE o.etat = 'LIVRE' AND l.echange_id IS NULL AND e.sequence BETWEEN ? AND ? "
                        + "ORDER BY e.sequence")) {
            range.bind(select);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    problems.add(new Problem(row.getString(1), row.getLong(2),
                            "marked delivered, but its delivery is not in the chain"));
                }
            }
        }
        int verified = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT echange_id, sequence, livre_le, message_envoye, accuse_recu FROM livraison "
                        + "WHERE sequence BETWEEN ? AND ? ORDER BY sequence")) {
            range.bind(select);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Instant deliveredAt = row.getTimestamp(3).toInstant();
                    byte[] message = row.getBytes(4);
                    try {
                        if (!gateway.test(messages.verify(message, deliveredAt))) {
                            throw new VerificationFailure("delivered message not signed by the gateway certificate", null);
                        }
                        messages.verify(row.getBytes(5), deliveredAt);
                        StoredMessageVerifier.requireConfirmation(row.getBytes(5), message);
                        verified++;
                    } catch (VerificationFailure e) {
                        problems.add(new Problem(row.getString(1), row.getLong(2), "delivery: " + e.getMessage()));
                    }
                }
            }
        }
        return verified;
    }

    private List<Checkpoints.Stored> verifyCheckpoints(Connection connection, GatewaySigners gateway, Range range,
            List<Problem> problems) throws SQLException {
        List<Checkpoints.Stored> valid = new ArrayList<>();
        long last = lastSequence(connection);
        for (Checkpoints.Stored stored : Checkpoints.all(dataSource)) {
            // A partial audit still checks the checkpoints beyond the journal's end when it reaches it.
            if (stored.sequence() < range.first() || (!range.reachesTheEnd() && stored.sequence() > range.last())) {
                continue;
            }
            String name = "checkpoint " + stored.id();
            CheckpointSigner.Checkpoint signed;
            try {
                signed = CheckpointSigner.read(stored.signedDocument(), gateway);
            } catch (VerificationFailure e) {
                problems.add(new Problem(null, stored.sequence(), name + ": " + e.getMessage()));
                continue;
            }
            if (signed.sequence() != stored.sequence() || !signed.hash().equals(stored.hash())) {
                problems.add(new Problem(null, stored.sequence(), name + ": columns differ from the signed document"));
                continue;
            }
            Optional<String[]> record = recordAt(connection, signed.sequence());
            if (record.isEmpty()) {
                problems.add(new Problem(null, signed.sequence(), name + " (sequence " + signed.sequence()
                        + "): no record at that sequence; the journal ends at " + last
                        + (signed.sequence() > last ? " (records removed after the checkpoint)" : "")));
            } else if (!record.get()[1].equals(signed.hash())) {
                problems.add(new Problem(record.get()[0], signed.sequence(), name + " (sequence " + signed.sequence()
                        + "): the chain's hash differs from the signed one (records altered, removed or replaced)"));
            } else {
                valid.add(stored);
            }
        }
        return valid;
    }

    private static Optional<String> proof(List<Checkpoints.Stored> valid, List<Problem> problems) {
        long firstProblem = problems.stream().mapToLong(p -> p.sequence() > 0 ? p.sequence() : 0).min().orElse(Long.MAX_VALUE);
        return valid.stream().filter(c -> c.sequence() < firstProblem)
                .max((a, b) -> Long.compare(a.sequence(), b.sequence()))
                .map(c -> "proven up to checkpoint " + c.id() + " (sequence " + c.sequence() + ")");
    }

    private static Optional<Long> firstSequenceFrom(Connection connection, Instant from) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(sequence) FROM echange WHERE recu_le >= ?")) {
            select.setTimestamp(1, Timestamp.from(from));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long sequence = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(sequence);
            }
        }
    }

    private static long count(Connection connection, Range range) throws SQLException {
        return countWhere(connection, "", range);
    }

    private static long countAccepted(Connection connection, Range range) throws SQLException {
        return countWhere(connection, "verdict = 'ACCEPTE' AND ", range);
    }

    private static long countWhere(Connection connection, String condition, Range range) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM echange WHERE " + condition + "sequence BETWEEN ? AND ?")) {
            range.bind(select);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static long lastSequence(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(sequence) FROM chaine");
                ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static Optional<String[]> recordAt(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT echange_id, hash FROM chaine WHERE sequence = ?")) {
            select.setLong(1, sequence);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new String[] {row.getString(1), row.getString(2)}) : Optional.empty();
            }
        }
    }
}
