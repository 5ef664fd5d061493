package ma.pmogateway.pmo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.pmo.CodeEtat;
import ma.pmogateway.contract.pmo.ExecutionFinanciere;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.Risque;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.contract.pmo.TypeTransaction;
import ma.pmogateway.pmo.Finding.Remark;
import ma.pmogateway.pmo.Review.KnownProject;

/** The reference PMO's judgement of single items, on the published samples with one thing changed. */
class ReviewTest {

    private static final KnownProject KNOWN = new KnownProject(457, "PMO-2026-000457", LocalDate.of(2026, 10, 31));
    private static final String CODE = "AO-FM-2024-0015";

    /** The published project record, for a project the PMO does not know yet, is accepted without remark. */
    @Test
    void acceptsTheSampleRecordOfANewProjectWithoutRemark() {
        assertEquals(List.of(), findings(Review.ofFiche(projet(), Optional.empty())));
    }

    /** Creating a project the PMO already registered is accepted as an update, and said so. */
    @Test
    void notesThatAKnownProjectIsCreatedAgain() {
        assertEquals(List.of(Finding.PROJET_DEJA_CONNU), findings(Review.ofFiche(projet(), Optional.of(KNOWN))));
    }

    /** A record naming another PMO reference than its project's is rejected. */
    @Test
    void rejectsARecordNamingAnotherPmoReference() {
        Projet projet = projet();
        projet.setReferencePmo("PMO-2026-000001");

        assertEquals(List.of(Finding.REFERENCE_PMO_DISCORDANTE), findings(Review.ofFiche(projet, Optional.of(KNOWN))));
    }

    /** A record naming a PMO reference for a project the PMO does not know is rejected. */
    @Test
    void rejectsAPmoReferenceForAnUnknownProject() {
        Projet projet = projet();
        projet.setReferencePmo("PMO-2026-000457");

        assertEquals(List.of(Finding.REFERENCE_PMO_INCONNUE), findings(Review.ofFiche(projet, Optional.empty())));
    }

    /** A project whose state is ER is late even when it reports no days of delay. */
    @Test
    void alertsOnAProjectInStateLateWithoutDaysOfDelay() {
        Projet projet = projet();
        projet.getEtat().setCode(CodeEtat.ER);

        assertEquals(List.of(Finding.PROJET_EN_RETARD), findings(Review.ofFiche(projet, Optional.empty())));
    }

    /** A rejected record carries only its rejection motives, not the alerts it would otherwise get. */
    @Test
    void givesARejectedRecordOnlyItsMotives() {
        Projet projet = projet();
        projet.getEtat().setCode(CodeEtat.BL);
        projet.getSourceFinancement().get(0).setMontant(BigDecimal.ONE);

        assertEquals(List.of(Finding.FINANCEMENT_INCOHERENT), findings(Review.ofFiche(projet, Optional.empty())));
    }

    /** An update whose cumulative payments exceed the issued amounts is rejected. */
    @Test
    void rejectsAnUpdateWhosePaymentsExceedTheIssuedAmounts() {
        Suivi suivi = suivi();
        transaction(suivi, TypeTransaction.PAIEMENT).setMontantCumule(new BigDecimal("90000000.00"));

        assertEquals(List.of(Finding.EXECUTION_INCOHERENTE), findings(Review.ofSuivi(suivi, Optional.of(KNOWN))));
    }

    /** An update older than the latest one accepted is accepted for the history, and said so. */
    @Test
    void notesAnUpdateOlderThanTheLatestAccepted() {
        Suivi suivi = suivi();
        suivi.setDateArrete(PmoSamples.date("2026-09-30"));
        suivi.getJalon().clear();

        assertEquals(List.of(Finding.SITUATION_ANTERIEURE), findings(Review.ofSuivi(suivi, Optional.of(KNOWN))));
    }

    /** An open risk of level 3 is an alert; once closed, it is not. */
    @Test
    void alertsOnAnOpenLevelThreeRiskOnly() {
        Suivi suivi = suivi();
        suivi.getJalon().clear();
        Risque risque = suivi.getRisque().get(0);
        risque.setNiveau(3);
        List<Finding> open = findings(Review.ofSuivi(suivi, Optional.of(KNOWN)));
        risque.setClosLe(PmoSamples.date("2026-10-20"));

        assertEquals(List.of(Finding.RISQUE_MAJEUR), open);
        assertEquals(List.of(), findings(Review.ofSuivi(suivi, Optional.of(KNOWN))));
    }

    private static Projet projet() {
        return PmoSamples.projet(PmoSamples.fiches(CODE));
    }

    private static Suivi suivi() {
        return PmoSamples.suivi(PmoSamples.situations(CODE));
    }

    private static ExecutionFinanciere.Transaction transaction(Suivi suivi, TypeTransaction type) {
        return suivi.getExecutionFinanciere().getTransaction().stream().filter(t -> t.getType() == type).findFirst()
                .orElseThrow();
    }

    private static List<Finding> findings(List<Remark> remarks) {
        return remarks.stream().map(Remark::finding).toList();
    }
}
