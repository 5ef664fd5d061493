package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/**
 * The journal records who owns each project and lets the service decide, inside the transaction that
 * accepts a batch or a transfer, on the owners as they are then: two writers racing (a transfer and a
 * progress report, on two nodes) cannot both win. On H2 and on PostgreSQL alike.
 */
class ProjectOwnershipJournalTest extends JournalOnEachDatabase {

    private static final String PROJECT = "AO-CS-2025-0001";
    private static final Set<Place> CASABLANCA = Set.of(new Place("06", "06.141"));

    @Test
    void firstAcceptedFicheRecordsItsOwnerAndLaterFichesKeepIt() {
        fiche("AO-CS", admission -> { });
        fiche("AO-SIEGE", admission -> { }); // a head-office fiche: the project stays AO-CS's
        assertEquals(Map.of(PROJECT, "AO-CS"), journal.ownersOf(List.of(PROJECT, "AO-CS-2025-0002")));
    }

    /** A batch of the largest size the contract allows: every project's owner is recorded and read back. */
    @Test
    void recordsAndReadsTheOwnersOfAThousandProjects() {
        List<String> projects = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> String.format(java.util.Locale.ROOT, "AO-CS-2025-%04d", i)).toList();
        List<Submission.Item> items = java.util.stream.IntStream.range(0, projects.size())
                .mapToObj(i -> new Submission.Item(i + 1, projects.get(i), "FICHE_PROJET", null)).toList();
        Map<String, String> owners = new java.util.HashMap<>();
        projects.forEach(project -> owners.put(project, "AO-CS"));
        ReceivedRequest request = request();
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        journal.recordAccepted(request, new Submission("SoumettreProjets", "AO-CS", null, UUID.randomUUID().toString(),
                request.digest(), items, Map.of(), owners, List.of(), delivery()), admission -> seen.set(admission.owners()));

        assertEquals(Map.of(), seen.get());
        assertEquals(owners, journal.ownersOf(projects));
    }

    @Test
    void ownershipCheckSeesATransferCommittedAfterThePreCheck() {
        fiche("AO-CS", admission -> { });
        Map<String, String> beforeTransfer = journal.ownersOf(List.of(PROJECT));
        journal.recordTransfer(request(), "TransfererProjet", "AO-SIEGE", null, PROJECT, "AO-SIEGE", "décision",
                (owner, places) -> assertEquals(CASABLANCA, places));

        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        situation(admission -> seen.set(admission.owners()));

        assertEquals(Map.of(PROJECT, "AO-CS"), beforeTransfer);
        assertEquals(Map.of(PROJECT, "AO-SIEGE"), seen.get());
    }

    @Test
    void batchRefusedByTheOwnershipCheckLeavesNothing() {
        fiche("AO-CS", admission -> { });
        ReceivedRequest refused = request();
        assertThrows(GatewayException.class, () -> journal.recordAccepted(refused, situationOf(), admission -> {
            throw new GatewayException(Reason.PROJECT_NOT_OWNED, null, "AO-RSK", 1);
        }));
        assertEquals(Optional.empty(), journal.verdictOf(refused.exchangeId()));
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    @Test
    void transferRefusedByItsCheckKeepsTheOwner() {
        fiche("AO-CS", admission -> { });
        assertThrows(GatewayException.class, () -> journal.recordTransfer(request(), "TransfererProjet", "AO-SIEGE",
                null, PROJECT, "AO-RSK", "décision", (owner, places) -> {
                    throw new GatewayException(Reason.TRANSFER_INVALID, null, 1);
                }));
        assertEquals(Map.of(PROJECT, "AO-CS"), journal.ownersOf(List.of(PROJECT)));
    }

    /**
     * AO-CS's progress reports race a transfer of the project to the head office, each report admitted
     * only while AO-CS owns it: none may be accepted after the transfer in the chain.
     */
    @Test
    void noReportOfTheFormerOwnerIsAcceptedAfterAConcurrentTransfer() throws Exception {
        fiche("AO-CS", admission -> { });
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            writes.add(writers.submit(() -> situation(admission -> {
                if (!"AO-CS".equals(admission.owners().get(PROJECT))) {
                    throw new GatewayException(Reason.PROJECT_NOT_OWNED, null, "AO-CS", 1);
                }
            })));
            if (i == 30) {
                writes.add(writers.submit(() -> journal.recordTransfer(request(), "TransfererProjet", "AO-SIEGE", null,
                        PROJECT, "AO-SIEGE", "décision", (owner, places) -> { })));
            }
        }
        for (Future<?> write : writes) {
            try {
                write.get();
            } catch (java.util.concurrent.ExecutionException refused) {
                assertTrue(refused.getCause() instanceof GatewayException, refused::toString);
            }
        }
        writers.shutdown();

        long transfer = sequenceOf("TransfererProjet");
        assertTrue(sequencesOf("SoumettreSituations").stream().allMatch(sequence -> sequence < transfer));
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    private void fiche(String sender, Journal.AdmissionCheck check) {
        ReceivedRequest request = request();
        journal.recordAccepted(request, new Submission("SoumettreProjets", sender, null, UUID.randomUUID().toString(),
                request.digest(), List.of(new Submission.Item(1, PROJECT, "FICHE_PROJET", null)),
                Map.of(PROJECT, CASABLANCA), Map.of(PROJECT, "AO-CS"), List.of(), delivery()), check);
    }

    private void situation(Journal.AdmissionCheck check) {
        journal.recordAccepted(request(), situationOf(), check);
    }

    private static Submission situationOf() {
        return new Submission("SoumettreSituations", "AO-CS", null, UUID.randomUUID().toString(),
                Sha256.hex(UUID.randomUUID().toString()),
                List.of(new Submission.Item(1, PROJECT, "SITUATION", LocalDate.of(2026, 10, 31))), Map.of(), Map.of(),
                List.of(), delivery());
    }

    private static Submission.Delivery delivery() {
        return new Submission.Delivery("DeposerFiches", "<document/>".getBytes(StandardCharsets.UTF_8));
    }


    private long sequenceOf(String operation) throws Exception {
        List<Long> sequences = sequencesOf(operation);
        assertEquals(1, sequences.size());
        return sequences.get(0);
    }

    private List<Long> sequencesOf(String operation) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sequence FROM echange WHERE operation = ? AND verdict = 'ACCEPTE'")) {
            select.setString(1, operation);
            List<Long> sequences = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong(1));
                }
            }
            return sequences;
        }
    }
}
