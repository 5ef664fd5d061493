package ma.pmogateway.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.journal.ExchangeRecord;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Place;
import ma.pmogateway.security.Sender;

/**
 * Step 3 of the message path for submissions and their dry run: may this verified sender act on these
 * projects, there? (docs/SECURITY.md §5.)
 *
 * <ul>
 * <li>The header's Emetteur is the signer's entity.</li>
 * <li>Every project belongs to one entity: the one the journal records for it, or, for a project not yet
 * known, the entity its code names ({@code AO-CS-2023-0042} belongs to AO-CS). Only that owner, or the
 * head office, may submit a fiche or a progress report for it; a change of owner is a head-office
 * transfer, never a side effect of a fiche.</li>
 * <li>A fiche names its project's owner as its Filiale (the rules then keep its places within that
 * subsidiary's regions, R-TER-003), and each of its places lies within the sender's regions and
 * provinces; a progress report's project has an accepted fiche and its recorded places lie there too.</li>
 * </ul>
 *
 * <p>A sender learns nothing of a project that is not its own: "unknown" and "another entity's" get the
 * same problem; only the journal records which it was. Thread-safe.
 */
final class Authorisation {

    /** The head office: its scope is the whole country and every entity's projects. */
    static final String HEAD_OFFICE = "AO-SIEGE";

    private final Journal journal;

    Authorisation(Journal journal) {
        this.journal = journal;
    }

    /**
     * One defence that refused part of a batch, with the problem the sender is told.
     *
     * @param project the project concerned, or null when it is the batch as a whole
     */
    record Refusal(String project, Reason reason, Problem problem) {
    }

    /**
     * What a sender may do with a batch.
     *
     * @param refusals    every refusal, in batch order (empty if the batch is authorised)
     * @param ownProjects the batch's projects the sender may act on: the only ones whose history it may be told
     */
    record Verdict(List<Refusal> refusals, Set<String> ownProjects) {
    }

    /** Returns true if {@code sender} is the head office. */
    static boolean isHeadOffice(Sender sender) {
        return HEAD_OFFICE.equals(sender.code());
    }

    /** Returns the entity a project code names: {@code AO-CS} for {@code AO-CS-2023-0042}. */
    static String entityNamedBy(String projectCode) {
        int end = projectCode.indexOf('-', 3);
        return end < 0 ? projectCode : projectCode.substring(0, end);
    }

    /**
     * Returns what {@code sender} may do with {@code batch}, as the journal stands now.
     *
     * @param prefix XPath of the batch document within the caller's payload ("" for a dry run's report)
     */
    Verdict check(Sender sender, BatchScope batch, String prefix) {
        if (!sender.code().equals(batch.emetteur())) {
            return new Verdict(List.of(new Refusal(null, Reason.EMETTEUR_NOT_SIGNER, problem("emetteur",
                    prefix + batch.rootPath() + "/ao:EnTete[1]/ao:Emetteur[1]", sender.code(), batch.emetteur()))),
                    Set.of());
        }
        List<Refusal> refusals = ownership(sender, batch, journal.ownersOf(batch.codes()), prefix);
        Set<String> own = new HashSet<>(batch.codes());
        refusals.forEach(refusal -> own.remove(refusal.project()));
        for (BatchScope.Project project : batch.projects()) {
            if (own.contains(project.code())) {
                Set<Place> places = batch.fiches() ? project.places() : journal.placesOf(project.code());
                refusals.addAll(outsideScope(sender, project, places, prefix));
            }
        }
        return new Verdict(refusals, own);
    }

    /**
     * Refuses {@code batch} if {@code check} found anything.
     *
     * @throws GatewayException {@link ErrorCode#NON_AUTORISE} with every problem, journaled with the first refusal's reason
     */
    Verdict require(Sender sender, BatchScope batch, String prefix) {
        Verdict verdict = check(sender, batch, prefix);
        refuseIfAny(sender, verdict.refusals());
        return verdict;
    }

    /**
     * The check made again inside the transaction that accepts the batch, on the owners as they are
     * there: only ownership can have changed since {@link #require} (a transfer committed in between).
     *
     * @throws GatewayException {@link ErrorCode#NON_AUTORISE} if the sender no longer may act on a project
     */
    void admit(Sender sender, BatchScope batch, Map<String, String> owners, String prefix) {
        refuseIfAny(sender, ownership(sender, batch, owners, prefix));
    }

    private static List<Refusal> ownership(Sender sender, BatchScope batch, Map<String, String> owners,
            String prefix) {
        List<Refusal> refusals = new ArrayList<>();
        for (BatchScope.Project project : batch.projects()) {
            String recorded = owners.get(project.code());
            String owner = recorded != null ? recorded : entityNamedBy(project.code());
            String codePath = prefix + project.path() + "/ao:CodeProjet[1]";
            if (!batch.fiches() && recorded == null) {
                refusals.add(new Refusal(project.code(), Reason.PROJECT_UNKNOWN, notAmongOwnProjects(sender, project, codePath)));
            } else if (!owner.equals(sender.code()) && !isHeadOffice(sender)) {
                refusals.add(new Refusal(project.code(), Reason.PROJECT_NOT_OWNED, notAmongOwnProjects(sender, project, codePath)));
            } else if (batch.fiches() && !owner.equals(project.filiale())) {
                refusals.add(new Refusal(project.code(), Reason.PROJECT_FILIALE_NOT_OWNER, problem("projet-filiale",
                        prefix + project.path() + "/ao:Filiale[1]", sender.code(), project.code(), project.filiale(),
                        owner)));
            }
        }
        return refusals;
    }

    /** The one answer for a project that is unknown or someone else's: it tells the two apart for no one. */
    private static Problem notAmongOwnProjects(Sender sender, BatchScope.Project project, String codePath) {
        return problem("projet-hors-perimetre", codePath, sender.code(), project.code());
    }

    private static List<Refusal> outsideScope(Sender sender, BatchScope.Project project, Set<Place> places,
            String prefix) {
        List<Refusal> refusals = new ArrayList<>();
        for (Place place : places) {
            if (!sender.mayReportOn(place.region(), place.province())) {
                refusals.add(new Refusal(project.code(), Reason.REGION_OUT_OF_SCOPE, problem("region", prefix + project.path(),
                        sender.code(), project.code(), place.region(), place.province())));
            }
        }
        return refusals;
    }

    private static void refuseIfAny(Sender sender, List<Refusal> refusals) {
        if (!refusals.isEmpty()) {
            List<Problem> problems = refusals.stream().map(Refusal::problem).toList();
            throw new GatewayException(refusals.get(0).reason(), problems, null, sender.code(), problems.size());
        }
    }

    /** Returns the problem {@code probleme.<key>} at {@code xpath}, its templates taking {@code arguments}. */
    static Problem problem(String key, String xpath, Object... arguments) {
        return Problem.error(Problem.Step.AUTORISATION, null, xpath, -1, -1,
                Messages.problem(key, Messages.FRENCH, arguments), Messages.problem(key, Messages.ENGLISH, arguments));
    }

    /**
     * Lets {@code sender} see {@code exchange} if it is its own (the head office sees every entity's).
     *
     * @throws GatewayException {@link Reason#EXCHANGE_NOT_VISIBLE}, answered exactly as an unknown exchange
     */
    void requireVisible(Sender sender, ExchangeRecord exchange) {
        if (!exchange.sender().equals(sender.code()) && !isHeadOffice(sender)) {
            throw new GatewayException(Reason.EXCHANGE_NOT_VISIBLE, null, exchange.exchangeId());
        }
    }

    /** Returns the {@link ErrorCode#NON_AUTORISE} refusal of an operation {@code sender} may not call. */
    static GatewayException operationRefusal(String sender, String operation) {
        return new GatewayException(Reason.OPERATION_NOT_ALLOWED,
                List.of(problem("operation", null, sender, operation)), null, sender, 1);
    }
}
