package ma.pmogateway.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/** Writes journal records received at chosen instants through the real {@link Journal}, for listing tests. */
public final class TestRecords {

    private final Journal journal;

    public TestRecords(Journal journal) {
        this.journal = journal;
    }

    /** Records an accepted batch with one item per project code (queued for delivery) and returns its exchange id. */
    public String accepted(Instant receivedAt, String sender, String operation, String batchId, String... projects) {
        List<Submission.Item> items = IntStream.range(0, projects.length)
                .mapToObj(i -> new Submission.Item(i + 1, projects[i], "FICHE", null)).toList();
        Submission submission = new Submission(operation, sender, "0".repeat(64), batchId, Sha256.hex(batchId),
                items, Map.of(), Map.of(), List.of(), new Submission.Delivery("DeposerFiches", new byte[] {'<', 'x', '/', '>'}));
        return journal.recordAccepted(request(receivedAt), submission, admission -> { }).exchangeId();
    }

    /**
     * Records an accepted progress report from AO-CS of {@code project} at 2026-10-31 (queued for
     * delivery, the request's bytes standing for its PMO document) and returns its exchange id.
     */
    public String acceptedSituation(String project) {
        ReceivedRequest request = request();
        Submission submission = new Submission("SoumettreSituations", "AO-CS", "0".repeat(64),
                UUID.randomUUID().toString(), request.digest(),
                List.of(new Submission.Item(1, project, "SITUATION", LocalDate.of(2026, 10, 31))), Map.of(), Map.of(),
                List.of(), new Submission.Delivery("DeposerSituations", request.bytes()));
        return journal.recordAccepted(request, submission, admission -> { }).exchangeId();
    }

    /** Records a refused request and returns its exchange id. */
    public String rejected(Instant receivedAt, String sender, String operation, ErrorCode code) {
        ReceivedRequest request = request(receivedAt);
        journal.recordRejected(request, operation, sender, null, null, Reason.generic(code), "test");
        return request.exchangeId();
    }

    /** Returns a small request with a fresh exchange id, received now (to the stored millisecond). */
    public static ReceivedRequest request() {
        return request(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static ReceivedRequest request(Instant receivedAt) {
        String id = UUID.randomUUID().toString();
        byte[] bytes = ("<requete id='" + id + "'/>").getBytes(StandardCharsets.UTF_8);
        return new ReceivedRequest(id, receivedAt, bytes, Sha256.hex(bytes));
    }
}
