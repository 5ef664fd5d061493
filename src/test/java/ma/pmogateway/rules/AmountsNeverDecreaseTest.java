package ma.pmogateway.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;
import ma.pmogateway.transform.Fixtures;

/**
 * R-FIN-005: a report's cumulative committed, issued and paid amounts are never below those of the
 * project's last report accepted before it. The journal is stood in for by a history that knows one
 * accepted report of the base situation's project (AO-FM-2025-0101: 50, 40 and 30 million MAD in
 * {@code rules/base-situation.xml}).
 */
class AmountsNeverDecreaseTest {

    private static final String PROJECT = "AO-FM-2025-0101";
    private static final LocalDate BEFORE = LocalDate.of(2026, 8, 31);
    private static final String EXECUTION = "/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:ExecutionFinanciere[1]";
    private static final HistoryRules RULE = new AmountsNeverDecrease();

    @Test
    void reportsAPaidAmountBelowTheLastAcceptedReport() {
        List<Problem> violations = check(history("50000000.00", "40000000.00", "30000000.01"));

        assertEquals(1, violations.size());
        Problem violation = violations.get(0);
        assertEquals("R-FIN-005", violation.ruleId());
        assertEquals(Severity.ERREUR, violation.severity());
        assertEquals(EXECUTION + "/ao:MontantPaye[1]", violation.xpath());
        assertEquals(29, violation.line());
        assertEquals("Le montant cumulé payé (30000000.00 MAD) est inférieur à celui de la dernière situation acceptée"
                + " du projet, arrêtée au 2026-08-31 (30000000.01 MAD) : un cumul ne peut pas reculer.", violation.messageFr());
        assertEquals("The cumulative paid amount (30000000.00 MAD) is below that of the project's last accepted report,"
                + " as of 2026-08-31 (30000000.01 MAD): a cumulative amount cannot go backwards.", violation.messageEn());
    }

    @Test
    void reportsEachAmountThatGoesBackwards() {
        List<String> places = check(history("60000000", "45000000", "35000000")).stream()
                .map(Problem::xpath).toList();

        assertEquals(List.of(EXECUTION + "/ao:MontantEngage[1]", EXECUTION + "/ao:MontantEmis[1]",
                EXECUTION + "/ao:MontantPaye[1]"), places);
    }

    @Test
    void acceptsEqualAmounts() {
        assertEquals(List.of(), check(history("50000000", "40000000", "30000000")));
    }

    @Test
    void acceptsAProjectWhoseLastReportWasAcceptedWithoutAmounts() {
        ProjectHistory progressOnly = (project, asOf) -> Optional.of(new ProjectHistory.AcceptedReport(BEFORE,
                new BigDecimal("10")));
        assertEquals(List.of(), check(progressOnly));
    }

    @Test
    void acceptsAProjectWithoutHistory() {
        assertEquals(List.of(), check(ProjectHistory.NONE));
    }

    @Test
    void theTransactionsComparisonIsTheDocumentsOne() {
        ProjectHistory history = history("50000000", "40000000.01", "30000000");
        List<Problem> inside = AmountsNeverDecrease.violations(new ProjectHistory.CumulativeAmounts(
                new BigDecimal("50000000.00"), new BigDecimal("40000000.00"), new BigDecimal("30000000.00")),
                history.lastAcceptedBefore(PROJECT, LocalDate.of(2026, 9, 30)), EXECUTION, 1);
        List<Problem> onTheDocument = check(history);

        assertEquals(onTheDocument.stream().map(v -> v.item() + v.xpath() + v.messageEn()).toList(),
                inside.stream().map(v -> v.item() + v.xpath() + v.messageEn()).toList());
        assertEquals(-1, inside.get(0).line());
    }

    private static List<Problem> check(ProjectHistory history) {
        return RULE.check(Fixtures.RUNTIME.parse(Fixtures.read(Fixtures.RULES.resolve("base-situation.xml")), true), history);
    }

    private static ProjectHistory history(String committed, String issued, String paid) {
        return (project, before) -> PROJECT.equals(project) && BEFORE.isBefore(before)
                ? Optional.of(new ProjectHistory.AcceptedReport(BEFORE, new BigDecimal("20"), Optional.of(
                        new ProjectHistory.CumulativeAmounts(new BigDecimal(committed), new BigDecimal(issued),
                                new BigDecimal(paid)))))
                : Optional.empty();
    }
}
