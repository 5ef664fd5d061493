package ma.pmogateway.audit;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.ChainVerifier;
import ma.pmogateway.journal.TrustArchive;

/**
 * The auditor's check of the whole journal ({@code audit verify}): the hash chain, the WS-Security
 * signature of every accepted request from its stored bytes, with the trust material in use when it was
 * received ({@link TrustHistory}), and every signed checkpoint against the chain, which catches records
 * removed from the end of the journal.
 *
 * <p>Each problem names the exchange (or checkpoint) it was found at; the report says up to which
 * checkpoint the journal is proven, that is the last valid checkpoint with no problem at or before it.
 */
public final class JournalAudit {

    private final DataSource dataSource;
    private final X509Certificate gatewayCertificate;

    /**
     * Creates the audit of the journal in {@code dataSource}: requests are verified with the trust material
     * archived in the journal, checkpoints must be signed by {@code gatewayCertificate}.
     */
    public JournalAudit(DataSource dataSource, X509Certificate gatewayCertificate) {
        this.dataSource = dataSource;
        this.gatewayCertificate = gatewayCertificate;
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

    /** The outcome: records and signatures checked, every problem, and the strongest checkpoint proof. */
    public record Report(long recordsChecked, int signaturesVerified, int checkpointsVerified, List<Problem> problems,
            Optional<String> provenUpTo) {

        /** Returns true if no problem was found. */
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /**
     * Runs every check and returns the report; problems are reported, not thrown.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the journal cannot be read
     */
    public Report run() {
        List<Problem> problems = new ArrayList<>();
        for (ChainVerifier.Break chainBreak : new ChainVerifier(dataSource).verify()) {
            problems.add(new Problem(chainBreak.exchangeId(), chainBreak.sequence(), chainBreak.what()));
        }
        try (Connection connection = dataSource.getConnection()) {
            long records = count(connection);
            int signatures = verifyAcceptedRequests(connection, problems);
            List<Checkpoints.Stored> valid = verifyCheckpoints(connection, problems);
            return new Report(records, signatures, valid.size(), List.copyOf(problems), proof(valid, problems));
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "journal");
        }
    }

    private int verifyAcceptedRequests(Connection connection, List<Problem> problems) throws SQLException {
        StoredRequestVerifier requests = new StoredRequestVerifier(TrustHistory.of(new TrustArchive(dataSource)));
        int verified = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, sequence, requete, recu_le FROM echange WHERE verdict = 'ACCEPTE' ORDER BY sequence");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                try {
                    requests.verify(row.getBytes(3), row.getTimestamp(4).toInstant());
                    verified++;
                } catch (VerificationFailure e) {
                    problems.add(new Problem(row.getString(1), row.getLong(2), "stored request: " + e.getMessage()));
                }
            }
        }
        return verified;
    }

    private List<Checkpoints.Stored> verifyCheckpoints(Connection connection, List<Problem> problems)
            throws SQLException {
        List<Checkpoints.Stored> valid = new ArrayList<>();
        long last = lastSequence(connection);
        for (Checkpoints.Stored stored : Checkpoints.all(dataSource)) {
            String name = "checkpoint " + stored.id();
            CheckpointSigner.Checkpoint signed;
            try {
                signed = CheckpointSigner.read(stored.signedDocument(), gatewayCertificate);
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

    private static long count(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM echange");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
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
