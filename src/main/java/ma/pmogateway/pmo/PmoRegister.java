package ma.pmogateway.pmo;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.CodeEtat;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.ReferenceExterne;
import ma.pmogateway.contract.pmo.ResultatDepot;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.PmoArrival;
import ma.pmogateway.journal.PmoSandboxStore;
import ma.pmogateway.journal.PmoSandboxStore.Deposit;
import ma.pmogateway.pmo.Review.KnownProject;

/**
 * The reference PMO's register: deposits with their acknowledgements, projects with their PMO
 * references, and every project record and monitoring update received, in the PMO's own terms. The
 * rows are the journal's ({@link PmoSandboxStore}, the {@code pmo_*} tables); what they mean is decided
 * here: a redelivery is answered with the first acknowledgement marked {@code doublon}, a new project's
 * reference is {@code PMO-<year of arrival>-<row number on 6 digits>}.
 *
 * <p>A deposit is one transaction that first claims its message id: of two deliveries of one message,
 * however concurrent, one records the deposit and the other waits for it and gets its acknowledgement,
 * marked {@code doublon}. If two deposits race to create the same project, the loser's transaction is
 * rolled back and replayed, then finds the project.
 */
final class PmoRegister {

    private final PmoSandboxStore store;

    PmoRegister(DataSource dataSource) {
        this.store = new PmoSandboxStore(dataSource);
    }

    /** Decides and records a deposit's items inside its transaction, and returns the acknowledgement. */
    @FunctionalInterface
    interface Work {
        AccuseDepot record(Transaction transaction) throws SQLException;
    }

    /**
     * Records {@code deposit} with the items {@code work} records, and returns its acknowledgement; or,
     * if its message id was recorded before, records one more delivery and returns the stored
     * acknowledgement with {@code doublon} true, recording nothing else.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database fails; nothing is kept
     */
    AccuseDepot deposit(Deposit deposit, Work work) {
        return store.deposit(deposit, transaction -> work.record(new Transaction(transaction)),
                PmoXml::acknowledgement, PmoRegister::redelivered);
    }

    /** Returns the first arrival of every deposit, in order of arrival. */
    List<PmoArrival> arrivals() {
        return store.arrivals();
    }

    /** Returns the PMO reference of the project {@code code} declared by {@code organisme}, if known. */
    Optional<String> referencePmo(String organisme, String code) {
        return store.referencePmo(organisme, code);
    }

    /** The acknowledgement a redelivery gets: the first one, to the letter, marked doublon. */
    private static AccuseDepot redelivered(byte[] stored) {
        AccuseDepot accuse = PmoXml.acknowledgement(stored);
        accuse.setDoublon(true);
        return accuse;
    }

    /** The register as one deposit's transaction sees it. */
    static final class Transaction {

        private final PmoSandboxStore.Transaction rows;

        private Transaction(PmoSandboxStore.Transaction rows) {
            this.rows = rows;
        }

        /** Returns the project designated by {@code reference}, if known, locked until the deposit ends. */
        Optional<KnownProject> project(ReferenceExterne reference) throws SQLException {
            return rows.project(reference.getOrganisme(), reference.getValue())
                    .map(project -> new KnownProject(project.numero(), project.referencePmo(), project.situationDate()));
        }

        /**
         * Registers the project {@code projet} and returns it with its new PMO reference,
         * {@code PMO-<year of arrival>-<row number on 6 digits>}.
         */
        KnownProject createProject(Projet projet) throws SQLException {
            long numero = rows.createProject(projet.getReferenceExterne().getOrganisme(),
                    projet.getReferenceExterne().getValue(), projet.getEtat().getCode().value(),
                    projet.getBudget().getMontant());
            String reference = String.format(Locale.ROOT, "PMO-%d-%06d",
                    rows.deposit().receivedAt().atZone(PmoXml.PMO_ZONE).getYear(), numero);
            rows.assignReference(numero, reference);
            return new KnownProject(numero, reference, null);
        }

        /**
         * Records the project's current state and budget, and the as-of date of a monitoring update
         * ({@code situationDate}, or null to keep the one recorded).
         */
        void updateProject(KnownProject project, CodeEtat etat, BigDecimal budget, LocalDate situationDate)
                throws SQLException {
            rows.updateProject(project.numero(), etat.value(), budget, situationDate);
        }

        /** Records the deposit's {@code rang}-th project record and the PMO's decision on it. */
        void recordFiche(int rang, Projet projet, ResultatDepot result) throws SQLException {
            rows.recordFiche(item(rang, result, PmoXml.projet(projet)), projet.getOperation().value());
        }

        /** Records the deposit's {@code rang}-th monitoring update and the PMO's decision on it. */
        void recordSuivi(int rang, Suivi suivi, ResultatDepot result) throws SQLException {
            rows.recordSuivi(item(rang, result, PmoXml.suivi(suivi)), Review.date(suivi.getDateArrete()));
        }

        private static PmoSandboxStore.Item item(int rang, ResultatDepot result, byte[] content) {
            return new PmoSandboxStore.Item(rang, result.getReferenceExterne().getOrganisme(),
                    result.getReferenceExterne().getValue(), result.getDecision(), result.getReferencePmo(), content);
        }
    }
}
