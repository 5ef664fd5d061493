package ma.pmogateway.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.ArtefactArchive;
import ma.pmogateway.journal.AuditTrail;
import ma.pmogateway.journal.AuditTrail.AcceptedRecord;
import ma.pmogateway.journal.CheckpointStore;
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
    private final AuditTrail trail;
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
        this.trail = new AuditTrail(dataSource);
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
    }

    /** Told how far the per-record checks are, for a progress display. */
    @FunctionalInterface
    public interface Progress {
        /** Nothing to show. */
        Progress NONE = (done, total) -> { };

        /** Called before the first accepted record and after each one checked: {@code done} of {@code total}. */
        void advanced(long done, long total);
    }

    /**
     * One discrepancy the audit found in the journal: where (exchange id and sequence, when known) and
     * what. Not the {@code cm:Probleme} a caller is told of (error.Problem): an auditor reads these.
     */
    public record Discrepancy(String exchangeId, long sequence, String what) {
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
            int transformationsNotRerun, int deliveriesVerified, int checkpointsVerified, List<Discrepancy> problems,
            List<Discrepancy> notRerun, Optional<String> provenUpTo) {

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
        long first = from == null ? 1 : trail.firstSequenceFrom(from).orElse(Long.MAX_VALUE);
        long last = to == null ? Long.MAX_VALUE
                : trail.firstSequenceFrom(to).map(sequence -> sequence - 1).orElse(Long.MAX_VALUE);
        return new Range(first, last);
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
        List<Discrepancy> problems = new ArrayList<>();
        for (ChainVerifier.Break chainBreak : new ChainVerifier(dataSource).verify(range.first(), range.last())) {
            problems.add(new Discrepancy(chainBreak.exchangeId(), chainBreak.sequence(), chainBreak.what()));
        }
        TrustArchive archive = new TrustArchive(dataSource);
        StoredMessageVerifier messages = new StoredMessageVerifier(TrustHistory.of(archive));
        GatewaySigners gateway = GatewaySigners.of(gatewayCertificate, archive);
        Accepted accepted = checkAcceptedRecords(messages, range, progress, problems);
        int deliveries = verifyDeliveries(messages, gateway, range, problems);
        List<CheckpointStore.Stored> valid = verifyCheckpoints(gateway, range, problems);
        return new Report(trail.countRecords(range.first(), range.last()), accepted.signatures, accepted.reproduced,
                accepted.notRerun.size(), deliveries, valid.size(), List.copyOf(problems),
                List.copyOf(accepted.notRerun), proof(valid, problems));
    }

    /** Tallies of the per-record checks. */
    private static final class Accepted {
        int signatures;
        int reproduced;
        final List<Discrepancy> notRerun = new ArrayList<>();
    }

    private Accepted checkAcceptedRecords(StoredMessageVerifier requests, Range range, Progress progress,
            List<Discrepancy> problems) {
        long total = trail.countAccepted(range.first(), range.last());
        Accepted tally = new Accepted();
        long[] done = {0};
        progress.advanced(done[0], total);
        trail.forEachAccepted(range.first(), range.last(), record -> {
            try {
                requests.verify(record.request(), record.receivedAt());
                tally.signatures++;
            } catch (VerificationFailure e) {
                problems.add(problem(record, "stored request: " + e.getMessage()));
            }
            if (record.submission()) {
                replay(record, tally, problems);
            }
            progress.advanced(++done[0], total);
        });
        return tally;
    }

    private static Discrepancy problem(AcceptedRecord record, String what) {
        return new Discrepancy(record.exchangeId(), record.sequence(), what);
    }

    private void replay(AcceptedRecord record, Accepted tally, List<Discrepancy> problems) {
        if (record.document() == null) {
            problems.add(problem(record, "accepted, but its PMO document is missing"));
            return;
        }
        try {
            if (replay.check(record.exchangeId(), record.receivedAt(), record.request(), record.stylesheets(),
                    record.codeLists(), record.document()) == TransformationReplay.Outcome.REPRODUCED) {
                tally.reproduced++;
            } else {
                tally.notRerun.add(problem(record, "transformation not re-run: recorded with stylesheets "
                        + record.stylesheets() + " and code lists " + record.codeLists()
                        + ", neither this build's nor archived"));
            }
        } catch (VerificationFailure e) {
            problems.add(problem(record, e.getMessage()));
        }
    }

    /**
     * Each delivery's message must be signed by the gateway and its acknowledgement by a certificate
     * trusted when it was received, confirming that message's signature; and an exchange the outbox
     * says was delivered must have its delivery in the chain.
     */
    private int verifyDeliveries(StoredMessageVerifier messages, GatewaySigners gateway, Range range,
            List<Discrepancy> problems) {
        for (AuditTrail.Link missing : trail.deliveredWithoutTheirLink(range.first(), range.last())) {
            problems.add(new Discrepancy(missing.exchangeId(), missing.sequence(),
                    "marked delivered, but its delivery is not in the chain"));
        }
        int[] verified = {0};
        trail.forEachDelivery(range.first(), range.last(), delivery -> {
            try {
                if (!gateway.test(messages.verify(delivery.message(), delivery.deliveredAt()))) {
                    throw new VerificationFailure("delivered message not signed by the gateway certificate", null);
                }
                messages.verify(delivery.acknowledgement(), delivery.deliveredAt());
                StoredMessageVerifier.requireConfirmation(delivery.acknowledgement(), delivery.message());
                verified[0]++;
            } catch (VerificationFailure e) {
                problems.add(new Discrepancy(delivery.exchangeId(), delivery.sequence(), "delivery: " + e.getMessage()));
            }
        });
        return verified[0];
    }

    private List<CheckpointStore.Stored> verifyCheckpoints(GatewaySigners gateway, Range range,
            List<Discrepancy> problems) {
        List<CheckpointStore.Stored> valid = new ArrayList<>();
        long last = trail.lastSequence();
        for (CheckpointStore.Stored stored : new CheckpointStore(dataSource).all()) {
            // A partial audit still checks the checkpoints beyond the journal's end when it reaches it.
            if (stored.sequence() < range.first() || (!range.reachesTheEnd() && stored.sequence() > range.last())) {
                continue;
            }
            String name = "checkpoint " + stored.id();
            CheckpointSigner.Checkpoint signed;
            try {
                signed = CheckpointSigner.read(stored.signedDocument(), gateway);
            } catch (VerificationFailure e) {
                problems.add(new Discrepancy(null, stored.sequence(), name + ": " + e.getMessage()));
                continue;
            }
            if (signed.sequence() != stored.sequence() || !signed.hash().equals(stored.hash())) {
                problems.add(new Discrepancy(null, stored.sequence(), name + ": columns differ from the signed document"));
                continue;
            }
            Optional<AuditTrail.Link> record = trail.linkAt(signed.sequence());
            if (record.isEmpty()) {
                problems.add(new Discrepancy(null, signed.sequence(), name + " (sequence " + signed.sequence()
                        + "): no record at that sequence; the journal ends at " + last
                        + (signed.sequence() > last ? " (records removed after the checkpoint)" : "")));
            } else if (!record.get().hash().equals(signed.hash())) {
                problems.add(new Discrepancy(record.get().exchangeId(), signed.sequence(), name + " (sequence " + signed.sequence()
                        + "): the chain's hash differs from the signed one (records altered, removed or replaced)"));
            } else {
                valid.add(stored);
            }
        }
        return valid;
    }

    private static Optional<String> proof(List<CheckpointStore.Stored> valid, List<Discrepancy> problems) {
        long firstProblem = problems.stream().mapToLong(p -> p.sequence() > 0 ? p.sequence() : 0).min().orElse(Long.MAX_VALUE);
        return valid.stream().filter(c -> c.sequence() < firstProblem)
                .max((a, b) -> Long.compare(a.sequence(), b.sequence()))
                .map(c -> "proven up to checkpoint " + c.id() + " (sequence " + c.sequence() + ")");
    }
}
