package ma.pmogateway.pmo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.datatype.XMLGregorianCalendar;

import ma.pmogateway.contract.pmo.CodeEtat;
import ma.pmogateway.contract.pmo.Etat;
import ma.pmogateway.contract.pmo.ExecutionFinanciere;
import ma.pmogateway.contract.pmo.Jalon;
import ma.pmogateway.contract.pmo.OperationProjet;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.ReferenceExterne;
import ma.pmogateway.contract.pmo.Retard;
import ma.pmogateway.contract.pmo.Risque;
import ma.pmogateway.contract.pmo.SourceFinancement;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.contract.pmo.TypeTransaction;
import ma.pmogateway.pmo.Finding.Remark;

/**
 * The reference PMO's judgement of one deposited item, given what it already knows of the project:
 * the reasons to reject it, or else the alerts and observations that accompany its acceptance.
 *
 * <p>These are plausible checks of a receiving institution, not the gateway's business rules (which
 * run before delivery): a record must be consistent with itself and with the project it designates.
 * A rejected item carries only its rejection motives. Pure functions: no database, no clock.
 */
final class Review {

    /**
     * What the PMO already knows of a project.
     *
     * @param numero        its row number, from which the PMO reference was made
     * @param referencePmo  its PMO reference
     * @param situationDate the as-of date of its latest accepted monitoring update, or null if none
     */
    record KnownProject(long numero, String referencePmo, LocalDate situationDate) {

        /** Returns true if a monitoring update as of {@code date} is older than the latest one accepted. */
        boolean hasNewerSituationThan(LocalDate date) {
            return situationDate != null && date.isBefore(situationDate);
        }
    }

    private Review() {
    }

    /** Returns true if any of {@code remarks} is a rejection motive. */
    static boolean rejects(List<Remark> remarks) {
        return remarks.stream().anyMatch(Remark::rejects);
    }

    /**
     * Returns the findings on a project record: rejected if it updates an unknown project, names another
     * PMO reference than the project's, or has funding sources that do not add up to its budget;
     * otherwise alerts for a late or blocked project, and a note when a known project is created again.
     */
    static List<Remark> ofFiche(Projet projet, Optional<KnownProject> known) {
        ReferenceExterne reference = projet.getReferenceExterne();
        List<Remark> motives = new ArrayList<>();
        if (known.isEmpty() && projet.getOperation() == OperationProjet.MISE_A_JOUR) {
            motives.add(Finding.PROJET_INCONNU.with(label(reference)));
        }
        referenceMismatch(projet.getReferencePmo(), reference, known).ifPresent(motives::add);
        fundingMismatch(projet).ifPresent(motives::add);
        if (!motives.isEmpty()) {
            return motives;
        }
        List<Remark> remarks = new ArrayList<>();
        if (known.isPresent() && projet.getOperation() == OperationProjet.CREATION) {
            remarks.add(Finding.PROJET_DEJA_CONNU.with(label(reference), known.get().referencePmo()));
        }
        remarks.addAll(stateAlerts(projet.getEtat(), projet.getRetard()));
        return remarks;
    }

    /**
     * Returns the findings on a monitoring update: rejected if its project is unknown, if it names
     * another PMO reference than the project's, or if its cumulative payments exceed its issued amounts
     * or these its commitments; otherwise alerts for a late or blocked project, a milestone reached late
     * and an open level-3 risk, and a note when it is older than the latest update accepted.
     */
    static List<Remark> ofSuivi(Suivi suivi, Optional<KnownProject> known) {
        ReferenceExterne reference = suivi.getReferenceExterne();
        List<Remark> motives = new ArrayList<>();
        if (known.isEmpty()) {
            motives.add(Finding.PROJET_INCONNU.with(label(reference)));
        }
        referenceMismatch(suivi.getReferencePmo(), reference, known).ifPresent(motives::add);
        executionMismatch(suivi.getExecutionFinanciere()).ifPresent(motives::add);
        if (!motives.isEmpty()) {
            return motives;
        }
        List<Remark> remarks = new ArrayList<>();
        LocalDate asOf = date(suivi.getDateArrete());
        if (known.get().hasNewerSituationThan(asOf)) {
            remarks.add(Finding.SITUATION_ANTERIEURE.with(asOf.toString(), known.get().situationDate().toString()));
        }
        remarks.addAll(stateAlerts(suivi.getEtat(), suivi.getRetard()));
        suivi.getJalon().forEach(jalon -> lateMilestone(jalon).ifPresent(remarks::add));
        suivi.getRisque().forEach(risque -> majorRisk(risque).ifPresent(remarks::add));
        return remarks;
    }

    /** Returns the ISO date of a schema date (the PMO's dates carry no time zone). */
    static LocalDate date(XMLGregorianCalendar value) {
        return LocalDate.of(value.getYear(), value.getMonth(), value.getDay());
    }

    /** Returns the project's designation in texts: {@code ORGANISME/CODE}. */
    static String label(ReferenceExterne reference) {
        return reference.getOrganisme() + "/" + reference.getValue();
    }

    private static Optional<Remark> referenceMismatch(String given, ReferenceExterne reference,
            Optional<KnownProject> known) {
        if (given == null) {
            return Optional.empty();
        }
        if (known.isEmpty()) {
            return Optional.of(Finding.REFERENCE_PMO_INCONNUE.with(given, label(reference)));
        }
        if (!given.equals(known.get().referencePmo())) {
            return Optional.of(Finding.REFERENCE_PMO_DISCORDANTE.with(given, label(reference),
                    known.get().referencePmo()));
        }
        return Optional.empty();
    }

    private static Optional<Remark> fundingMismatch(Projet projet) {
        List<SourceFinancement> sources = projet.getSourceFinancement();
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = sources.stream().map(SourceFinancement::getMontant).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal budget = projet.getBudget().getMontant();
        return total.compareTo(budget) == 0 ? Optional.empty()
                : Optional.of(Finding.FINANCEMENT_INCOHERENT.with(total.toPlainString(), budget.toPlainString()));
    }

    private static Optional<Remark> executionMismatch(ExecutionFinanciere execution) {
        Map<TypeTransaction, BigDecimal> amounts = new EnumMap<>(TypeTransaction.class);
        execution.getTransaction().forEach(t -> amounts.merge(t.getType(), t.getMontantCumule(), BigDecimal::max));
        BigDecimal committed = amounts.getOrDefault(TypeTransaction.ENGAGEMENT, BigDecimal.ZERO);
        BigDecimal issued = amounts.getOrDefault(TypeTransaction.EMISSION, BigDecimal.ZERO);
        BigDecimal paid = amounts.getOrDefault(TypeTransaction.PAIEMENT, BigDecimal.ZERO);
        if (issued.compareTo(committed) <= 0 && paid.compareTo(issued) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Finding.EXECUTION_INCOHERENTE.with(date(execution.getAu()).toString(),
                committed.toPlainString(), issued.toPlainString(), paid.toPlainString()));
    }

    /** A project is late when its state says so (ER) or when it reports days of delay. */
    private static List<Remark> stateAlerts(Etat etat, Retard retard) {
        List<Remark> alerts = new ArrayList<>();
        BigInteger days = retard == null ? BigInteger.ZERO : retard.getJours();
        if (etat.getCode() == CodeEtat.ER || days.signum() > 0) {
            String asOf = date(retard != null && days.signum() > 0 ? retard.getAu() : etat.getAu()).toString();
            alerts.add(Finding.PROJET_EN_RETARD.with(asOf, etat.getCode().value(), days.toString()));
        }
        if (etat.getCode() == CodeEtat.BL) {
            alerts.add(Finding.PROJET_BLOQUE.with(date(etat.getAu()).toString()));
        }
        return alerts;
    }

    private static Optional<Remark> lateMilestone(Jalon jalon) {
        if (jalon.getDateReelle() == null) {
            return Optional.empty();
        }
        LocalDate planned = date(jalon.getDatePrevue());
        long late = ChronoUnit.DAYS.between(planned, date(jalon.getDateReelle()));
        return late > 0 ? Optional.of(Finding.JALON_EN_RETARD.with(jalon.getCode(), Long.toString(late),
                planned.toString())) : Optional.empty();
    }

    private static Optional<Remark> majorRisk(Risque risque) {
        return risque.getNiveau() == 3 && risque.getClosLe() == null
                ? Optional.of(Finding.RISQUE_MAJEUR.with(risque.getCategorie(), date(risque.getOuvertLe()).toString()))
                : Optional.empty();
    }
}
