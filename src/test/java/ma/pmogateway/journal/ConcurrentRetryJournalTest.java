package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.support.Sha256;

/**
 * A batch sent again while its first copy is still being accepted (a client retrying after a timeout,
 * on the same node or another) is accepted once; every other copy is a retry answered with the first
 * exchange, never "already accepted with different content". On H2 and on PostgreSQL alike.
 */
class ConcurrentRetryJournalTest extends JournalOnEachDatabase {

    @Test
    void concurrentCopiesOfOneBatchAreAcceptedOnceAndAnsweredWithTheFirstExchange() throws Exception {
        String batchId = UUID.randomUUID().toString();
        ExecutorService senders = Executors.newFixedThreadPool(6);
        List<Future<Journal.Acceptance>> copies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Callable<Journal.Acceptance> copy = () -> journal.recordAccepted(request(), batch(batchId, "same"),
                    admission -> { });
            copies.add(senders.submit(copy));
        }
        List<Journal.Acceptance> answers = new ArrayList<>();
        for (Future<Journal.Acceptance> copy : copies) {
            answers.add(copy.get());
        }
        senders.shutdown();

        Set<String> exchanges = answers.stream().map(Journal.Acceptance::exchangeId).collect(Collectors.toSet());
        assertEquals(1, exchanges.size(), answers::toString);
        assertEquals(29, answers.stream().filter(Journal.Acceptance::retry).count());
        assertEquals(Map.of("ACCEPTE", 1L, "DOUBLON", 29L), verdicts(batchId));
    }

    @Test
    void aRetryIsListedWithTheProjectsOfItsBatch() {
        String batchId = UUID.randomUUID().toString();
        journal.recordAccepted(request(), batch(batchId, "same"), admission -> { });
        journal.recordAccepted(request(), batch(batchId, "same"), admission -> { });
        List<String> verdicts = new JournalListing(database.dataSource())
                .list(new JournalListing.Filter(null, null, null, "AO-CS-2025-0001", null, null), 10).stream()
                .map(JournalListing.Row::verdict).toList();
        assertEquals(List.of("ACCEPTE", "DOUBLON"), verdicts);
    }

    @Test
    void theSameBatchIdWithOtherContentIsStillRefused() {
        String batchId = UUID.randomUUID().toString();
        journal.recordAccepted(request(), batch(batchId, "first"), admission -> { });
        GatewayException refused = assertThrows(GatewayException.class,
                () -> journal.recordAccepted(request(), batch(batchId, "other"), admission -> { }));
        assertEquals(ErrorCode.ENVOI_EN_DOUBLE, refused.code());
    }

    private static Submission batch(String batchId, String content) {
        return new Submission("SoumettreProjets", "AO-CS", null, batchId, Sha256.hex(content),
                List.of(new Submission.Item(1, "AO-CS-2025-0001", "FICHE_PROJET", null)), Map.of(), Map.of(), List.of(),
                new Submission.Delivery("DeposerFiches", "<document/>".getBytes(StandardCharsets.UTF_8)));
    }


    private Map<String, Long> verdicts(String batchId) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT verdict, COUNT(*) FROM echange WHERE identifiant_envoi = ? GROUP BY verdict")) {
            select.setString(1, batchId);
            Map<String, Long> counts = new java.util.TreeMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        }
    }
}
