package ma.pmogateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.journal.TestRecords;
import ma.pmogateway.support.Sha256;

/**
 * "Progress never decreases" (R-AVA-002) and "cumulative amounts never decrease" (R-FIN-005) are judged again inside the transaction that accepts a batch,
 * on the project's history as committed then: a report checked against an older history (another
 * node accepted a higher report of the same project meanwhile) is refused, and nothing of it is kept.
 */
class HistoryInsideTheTransactionTest {

    private static final String PROJECT = "AO-CS-2025-0001";
    private static final String SITUATIONS = "/ao:EnvoiSituations[1]";
    private static final BatchScope ONE_REPORT = new BatchScope(false, SITUATIONS, "ENV-1", "AO-CS",
            "2025-06-30", List.of(new BatchScope.Project(SITUATIONS + "/ao:SituationAvancement[1]", PROJECT, null,
                    Set.of(), "2025-06-30", "40", List.of("0", "0", "0"))));

    @TempDir
    Path dataDir;

    private Database database;
    private Journal journal;

    @BeforeEach
    void openJournal() {
        database = TestDatabase.H2.open(dataDir);
        journal = new Journal(database.groupCommit(), TestDatabase.VERSIONS);
    }

    @AfterEach
    void closeJournal() {
        database.close();
    }

    @Test
    void refusesAReportBelowOneAcceptedSinceItsFirstCheck() {
        Journal.AdmissionCheck historyKept = admission -> BatchChecks.requireHistoryKept(ONE_REPORT,
                List.of(report("2026-11-15", "50.00")), JournalHistory.inside(admission), "/svc:SoumettreSituations[1]");
        accept(report("2026-10-31", "60.00"), admission -> { });

        ReceivedRequest late = request();
        GatewayException refused = assertThrows(GatewayException.class,
                () -> journal.recordAccepted(late, situation(report("2026-11-15", "50.00")), historyKept));

        assertEquals(ErrorCode.REGLE_METIER, refused.code());
        assertEquals("R-AVA-002", refused.problems().get(0).ruleId());
        assertEquals("/svc:SoumettreSituations[1]/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:AvancementPhysique[1]",
                refused.problems().get(0).xpath());
        assertEquals(Optional.empty(), journal.verdictOf(late.exchangeId()));
    }

    @Test
    void acceptsAReportThatKeepsTheHistoryAsItIsInside() {
        accept(report("2026-10-31", "60.00"), admission -> { });
        ReceivedRequest next = request();
        journal.recordAccepted(next, situation(report("2026-11-15", "60.00")), admission -> BatchChecks
                .requireHistoryKept(ONE_REPORT, List.of(report("2026-11-15", "60.00")),
                        JournalHistory.inside(admission), ""));
        assertEquals(Optional.of(Verdict.ACCEPTE), journal.verdictOf(next.exchangeId()));
    }

    @Test
    void refusesAReportWhosePaidAmountIsBelowOneAcceptedSinceItsFirstCheck() {
        Submission.Progress lower = report("2026-11-15", "60.00", "900000.00");
        Journal.AdmissionCheck historyKept = admission -> BatchChecks.requireHistoryKept(ONE_REPORT, List.of(lower),
                JournalHistory.inside(admission), "/svc:SoumettreSituations[1]");
        accept(report("2026-10-31", "60.00", "1000000.00"), admission -> { });

        ReceivedRequest late = request();
        GatewayException refused = assertThrows(GatewayException.class,
                () -> journal.recordAccepted(late, situation(lower), historyKept));

        assertEquals(ErrorCode.REGLE_METIER, refused.code());
        assertEquals(List.of("R-FIN-005"), refused.problems().stream().map(p -> p.ruleId()).toList());
        assertEquals("/svc:SoumettreSituations[1]/ao:EnvoiSituations[1]/ao:SituationAvancement[1]"
                + "/ao:ExecutionFinanciere[1]/ao:MontantPaye[1]", refused.problems().get(0).xpath());
        assertEquals(Optional.empty(), journal.verdictOf(late.exchangeId()));
    }

    @Test
    void theJournalReturnsTheAmountsItAccepted() {
        accept(report("2026-10-31", "60.00", "1000000.00"), admission -> { });

        assertEquals(Optional.of(new Submission.Amounts(new BigDecimal("5000000.00"), new BigDecimal("2000000.00"),
                new BigDecimal("1000000.00"))), journal.lastProgressBefore(PROJECT, LocalDate.parse("2026-11-01"))
                        .map(Submission.Progress::amounts));
    }

    private void accept(Submission.Progress progress, Journal.AdmissionCheck check) {
        journal.recordAccepted(request(), situation(progress), check);
    }

    private static Submission.Progress report(String asOf, String progress) {
        return report(asOf, progress, "1000000.00");
    }

    private static Submission.Progress report(String asOf, String progress, String paid) {
        return new Submission.Progress(PROJECT, LocalDate.parse(asOf), new BigDecimal(progress),
                new Submission.Amounts(new BigDecimal("5000000.00"), new BigDecimal("2000000.00"), new BigDecimal(paid)));
    }

    private static Submission situation(Submission.Progress progress) {
        return new Submission("SoumettreSituations", "AO-CS", null, UUID.randomUUID().toString(),
                Sha256.hex(UUID.randomUUID().toString()),
                List.of(new Submission.Item(1, PROJECT, "SITUATION", progress.asOf())), Map.of(), Map.of(),
                List.of(progress), new Submission.Delivery("DeposerSituations",
                        "<document/>".getBytes(StandardCharsets.UTF_8)));
    }

    private static ReceivedRequest request() {
        return TestRecords.request();
    }
}
