package ma.pmogateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ma.pmogateway.contract.ao.service.Transfert;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Place;
import ma.pmogateway.security.VerifiedSender;
import ma.pmogateway.transform.CodeLists;

/**
 * TransfererProjet: the one way a project changes owner (a regional restructuring, a project taken back
 * by the head office), an act of the head office only, journaled as an accepted exchange of the chain.
 *
 * <p>The project must have an accepted fiche, the new owner must differ from the current one, and its
 * regions in the {@code ao-filiales} code list must cover every place of the project, so that its next
 * fiche can pass rule R-TER-003. These checks run inside the transaction that records the transfer.
 */
final class Transfers {

    private static final String REQUEST = "/svc:TransfererProjet[1]";
    private static final String SUBSIDIARIES = "ao-filiales";
    private static final String REGIONS = "territoire-regions";

    private final ExchangeRecorder recorder;
    private final CodeLists codeLists;

    Transfers(ExchangeRecorder recorder, CodeLists codeLists) {
        this.recorder = recorder;
        this.codeLists = codeLists;
    }

    /**
     * Records the transfer of {@code projectCode} to {@code newOwner} asked by {@code sender} on
     * {@code decision} (its Motif) and returns it.
     *
     * @throws GatewayException {@link Reason#TRANSFER_NOT_HEAD_OFFICE} if the sender is not the head office;
     *                          {@link Reason#TRANSFER_INVALID} if the project cannot go to that owner
     */
    Transfert transfer(RequestContext request, String projectCode, String newOwner, String decision) {
        VerifiedSender sender = request.verifiedSender();
        if (!Authorisation.isHeadOffice(sender.sender())) {
            Problem problem = Authorisation.problem("transfert-siege", REQUEST, sender.sender().code());
            throw new GatewayException(Reason.TRANSFER_NOT_HEAD_OFFICE, List.of(problem), null,
                    sender.sender().code(), 1);
        }
        Journal.Transfer done = recorder.transferred(request, projectCode, newOwner, decision,
                (owner, places) -> admit(projectCode, owner, newOwner, places));
        Transfert answer = new Transfert();
        answer.setIdentifiantEchange(done.exchangeId());
        answer.setCodeProjet(done.projectCode());
        answer.setAncienProprietaire(done.previousOwner());
        answer.setNouveauProprietaire(done.newOwner());
        answer.setTransfereLe(Receipts.timestamp(done.recordedAt()));
        return answer;
    }

    private void admit(String projectCode, String owner, String newOwner, Set<Place> places) {
        List<Problem> problems = new ArrayList<>();
        if (owner == null) {
            problems.add(rule("R-PRJ-001", "transfert-projet-inconnu", "/svc:CodeProjet[1]", projectCode));
        } else if (owner.equals(newOwner)) {
            problems.add(rule("R-PRJ-002", "transfert-meme-proprietaire", "/svc:NouveauProprietaire[1]", projectCode,
                    newOwner));
        } else {
            Set<String> regions = codeLists.correspondences(SUBSIDIARIES, newOwner, REGIONS);
            for (Place place : places) {
                if (!regions.contains(place.region())) {
                    problems.add(rule("R-PRJ-003", "transfert-hors-regions", "/svc:NouveauProprietaire[1]",
                            projectCode, place.region(), newOwner));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new GatewayException(Reason.TRANSFER_INVALID, problems, null, problems.size());
        }
    }

    private static Problem rule(String ruleId, String key, String path, Object... arguments) {
        return Problem.error(Problem.Step.REGLE, ruleId, REQUEST + path, -1, -1,
                Messages.problem(key, Messages.FRENCH, arguments), Messages.problem(key, Messages.ENGLISH, arguments));
    }
}
