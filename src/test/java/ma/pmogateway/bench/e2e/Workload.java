package ma.pmogateway.bench.e2e;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.it.Payloads;

/**
 * New, valid, unique submissions for one server, as AO-CS: fiches of new projects (codes the sender
 * owns, {@code AO-CS-2026-000001} onwards, never reused on this server) and progress reports on the
 * projects whose fiche that server accepted, each report of a project a little further than its last.
 * Every request has a fresh batch id.
 *
 * <p>The documents are the published samples ({@code samples/ao}): the first fiche of
 * {@value #FICHE_SAMPLE} (about 5 KB on the wire) and the report of {@value #SITUATION_SAMPLE}. Each
 * client thread has its own {@link Requests}, which changes its one copy of each document in place
 * before each call (the client marshals it during the call), so the driver spends little CPU per
 * request.
 */
final class Workload {

    static final String SENDER = "AO-CS";
    static final String FICHE_SAMPLE = "01-vsb-hmr-casablanca.xml";
    static final String SITUATION_SAMPLE = "01-vsb-casablanca.xml";
    private static final BigDecimal STEP = new BigDecimal("0.01");
    private static final BigDecimal MOST = new BigDecimal("99.99");

    private final AtomicInteger projectsMade = new AtomicInteger();
    private final List<String> accepted = new ArrayList<>();
    private final ConcurrentHashMap<String, Integer> reports = new ConcurrentHashMap<>();

    /** Records that the server accepted the fiche of {@code project}: it may now be reported on. */
    void accepted(String project) {
        synchronized (accepted) {
            accepted.add(project);
        }
    }

    /** Returns the projects accepted so far, in order. */
    List<String> acceptedProjects() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    private String newProject() {
        int number = projectsMade.incrementAndGet();
        // Six digits a year: past a million projects the year moves on, the code stays valid and new.
        return String.format(Locale.ROOT, "AO-CS-%d-%06d", 2026 + number / 1_000_000, number % 1_000_000);
    }

    /** The documents of one client thread. */
    final class Requests {

        private final EnvoiFichesProjets fiche = Payloads.fiche(FICHE_SAMPLE, "AO-CS-2026-000000");
        private final EnvoiSituations situation = Payloads.situations(SITUATION_SAMPLE);
        private final BigDecimal firstProgress =
                situation.getSituationAvancement().get(0).getAvancementPhysique();

        /** Returns the fiche of a new project, in a new batch. */
        EnvoiFichesProjets nextFiche() {
            fiche.getEnTete().setIdentifiantEnvoi(UUID.randomUUID().toString());
            fiche.getFicheProjet().get(0).setCodeProjet(newProject());
            return fiche;
        }

        /** Returns a new report on {@code project}, in a new batch, its progress never below the last one's. */
        EnvoiSituations nextSituation(String project) {
            int previous = reports.merge(project, 1, Integer::sum) - 1;
            situation.getEnTete().setIdentifiantEnvoi(UUID.randomUUID().toString());
            SituationAvancement report = situation.getSituationAvancement().get(0);
            report.setCodeProjet(project);
            report.setAvancementPhysique(firstProgress.add(STEP.multiply(BigDecimal.valueOf(previous))).min(MOST));
            return situation;
        }
    }
}
