package ma.pmogateway.pmo;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.DepotSituations;
import ma.pmogateway.contract.pmo.Entete;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.ReferenceExterne;
import ma.pmogateway.contract.pmo.ResultatDepot;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.journal.PmoSandboxStore.Deposit;
import ma.pmogateway.pmo.Finding.Remark;
import ma.pmogateway.pmo.PmoRegister.Transaction;
import ma.pmogateway.pmo.Review.KnownProject;

/**
 * What the reference PMO does with a deposit whose caller and payload were verified: for each item in
 * order, review it against the project it designates, record it and its decision, register or update
 * the project; then acknowledge, one result per item.
 *
 * <p>The whole deposit is one transaction of the {@link PmoRegister}, keyed by its message id, so a
 * redelivered message is answered with its first acknowledgement and changes nothing.
 */
final class Intake {

    static final String FICHES = "FICHES";
    static final String SITUATIONS = "SITUATIONS";

    private static final String ACCEPTED = "accepte";
    private static final String REJECTED = "rejete";

    private final PmoRegister register;
    private final Clock clock;

    Intake(PmoRegister register, Clock clock) {
        this.register = register;
        this.clock = clock;
    }

    /** Records and acknowledges the project records of {@code depot}, signed by {@code callerThumbprint}. */
    AccuseDepot depositFiches(DepotFiches depot, String callerThumbprint) {
        return deposit(depot.getEntete(), FICHES, callerThumbprint, depot.getProjet(), Intake::recordFiche);
    }

    /** Records and acknowledges the monitoring updates of {@code depot}, signed by {@code callerThumbprint}. */
    AccuseDepot depositSituations(DepotSituations depot, String callerThumbprint) {
        return deposit(depot.getEntete(), SITUATIONS, callerThumbprint, depot.getSuivi(), Intake::recordSuivi);
    }

    /** Records one item of a deposit and returns the PMO's decision on it. */
    @FunctionalInterface
    private interface ItemStep<T> {
        ResultatDepot record(Transaction transaction, int rang, T item, Instant decidedAt) throws SQLException;
    }

    private <T> AccuseDepot deposit(Entete entete, String nature, String callerThumbprint, List<T> items,
            ItemStep<T> step) {
        Deposit deposit = new Deposit(entete.getIdentifiantMessage(), nature, entete.getEmetteur().getCode(),
                callerThumbprint, entete.getReferenceSource().getEchange(), Review.date(entete.getDateArrete()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return register.deposit(deposit, transaction -> {
            AccuseDepot accuse = new AccuseDepot();
            accuse.setIdentifiantMessage(deposit.messageId());
            accuse.setRecuLe(PmoXml.timestamp(deposit.receivedAt()));
            accuse.setDoublon(false);
            for (int rang = 1; rang <= items.size(); rang++) {
                accuse.getResultat().add(step.record(transaction, rang, items.get(rang - 1), deposit.receivedAt()));
            }
            return accuse;
        });
    }

    /**
     * A consistent record registers its project (first time) or updates it, keeping its PMO reference;
     * an inconsistent one is recorded as rejected and changes no project.
     */
    private static ResultatDepot recordFiche(Transaction transaction, int rang, Projet projet, Instant decidedAt)
            throws SQLException {
        Optional<KnownProject> known = transaction.project(projet.getReferenceExterne());
        List<Remark> remarks = Review.ofFiche(projet, known);
        ResultatDepot result = Review.rejects(remarks)
                ? result(projet.getReferenceExterne(), null, REJECTED, remarks, decidedAt)
                : registered(transaction, projet, known, remarks, decidedAt);
        transaction.recordFiche(rang, projet, result);
        return result;
    }

    private static ResultatDepot registered(Transaction transaction, Projet projet, Optional<KnownProject> known,
            List<Remark> remarks, Instant decidedAt) throws SQLException {
        KnownProject project = known.isPresent() ? known.get() : transaction.createProject(projet);
        transaction.updateProject(project, projet.getEtat().getCode(), projet.getBudget().getMontant(), null);
        Remark registration = known.isPresent()
                ? Finding.PROJET_MIS_A_JOUR.with(project.referencePmo())
                : Finding.PROJET_ENREGISTRE.with(project.referencePmo());
        return result(projet.getReferenceExterne(), project.referencePmo(), ACCEPTED,
                Stream.concat(Stream.of(registration), remarks.stream()).toList(), decidedAt);
    }

    /**
     * A consistent update of a known project becomes its current state, unless a newer one was accepted
     * before (then it is kept in the history only); an inconsistent one is recorded as rejected.
     */
    private static ResultatDepot recordSuivi(Transaction transaction, int rang, Suivi suivi, Instant decidedAt)
            throws SQLException {
        Optional<KnownProject> known = transaction.project(suivi.getReferenceExterne());
        List<Remark> remarks = Review.ofSuivi(suivi, known);
        String referencePmo = null;
        if (!Review.rejects(remarks)) {
            KnownProject project = known.orElseThrow();
            LocalDate asOf = Review.date(suivi.getDateArrete());
            if (!project.hasNewerSituationThan(asOf)) {
                transaction.updateProject(project, suivi.getEtat().getCode(), suivi.getBudget().getMontant(), asOf);
            }
            referencePmo = project.referencePmo();
        }
        ResultatDepot result = result(suivi.getReferenceExterne(), referencePmo,
                referencePmo == null ? REJECTED : ACCEPTED, remarks, decidedAt);
        result.setDateArrete(suivi.getDateArrete());
        transaction.recordSuivi(rang, suivi, result);
        return result;
    }

    private static ResultatDepot result(ReferenceExterne reference, String referencePmo, String decision,
            List<Remark> remarks, Instant decidedAt) {
        ResultatDepot result = new ResultatDepot();
        result.setReferenceExterne(reference);
        result.setReferencePmo(referencePmo);
        result.setDecision(decision);
        result.setDecideLe(PmoXml.timestamp(decidedAt));
        remarks.forEach(remark -> result.getObservation().add(remark.observation()));
        return result;
    }
}
