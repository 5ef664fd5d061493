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
 * R-AVA-002: a report's physical progress is never below that of the project's last report accepted
 * before it. The journal is stood in for by a history that knows one accepted report of the base
 * situation's project (AO-FM-2025-0101, 35.00 % in {@code rules/base-situation.xml}).
 */
class ProgressNeverDecreasesTest {

    private static final String PROJECT = "AO-FM-2025-0101";
    private static final LocalDate AS_OF = LocalDate.of(2026, 9, 30);
    private static final HistoryRules RULE = new ProgressNeverDecreases();

    @Test
    void reportsProgressBelowTheLastAcceptedReport() {
        List<Problem> violations = check(history(LocalDate.of(2026, 8, 31), "35.01"));

        assertEquals(1, violations.size());
        Problem violation = violations.get(0);
        assertEquals("R-AVA-002", violation.ruleId());
        assertEquals(Severity.ERREUR, violation.severity());
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:AvancementPhysique[1]", violation.xpath());
        assertEquals(25, violation.line());
        assertEquals("L'avancement physique (35.00 %) est inférieur à celui de la dernière situation acceptée du projet,"
                + " arrêtée au 2026-08-31 (35.01 %) : il ne peut pas reculer.", violation.messageFr());
        assertEquals("Physical progress (35.00 %) is below that of the project's last accepted report, as of 2026-08-31"
                + " (35.01 %): it cannot go backwards.", violation.messageEn());
    }

    @Test
    void acceptsEqualProgress() {
        assertEquals(List.of(), check(history(LocalDate.of(2026, 8, 31), "35")));
    }

    @Test
    void acceptsAProjectWithoutHistory() {
        assertEquals(List.of(), check(ProjectHistory.NONE));
    }

    @Test
    void asksTheHistoryForReportsBeforeTheSituationsOwnDate() {
        ProjectHistory onlyLaterReports = (project, asOf) -> asOf.isAfter(AS_OF)
                ? Optional.of(new ProjectHistory.AcceptedReport(AS_OF, new BigDecimal("90")))
                : Optional.empty();
        assertEquals(List.of(), check(onlyLaterReports));
    }

    @Test
    void ignoresProjectRecords() {
        assertEquals(List.of(), RULE.check(Fixtures.RUNTIME.parse(Fixtures.read(Fixtures.RULES.resolve("base-fiche.xml")), true),
                history(LocalDate.of(2026, 8, 31), "99")));
    }

    private static List<Problem> check(ProjectHistory history) {
        return RULE.check(Fixtures.RUNTIME.parse(Fixtures.read(Fixtures.RULES.resolve("base-situation.xml")), true), history);
    }

    private static ProjectHistory history(LocalDate asOf, String progress) {
        return (project, before) -> PROJECT.equals(project) && asOf.isBefore(before)
                ? Optional.of(new ProjectHistory.AcceptedReport(asOf, new BigDecimal(progress)))
                : Optional.empty();
    }
}
