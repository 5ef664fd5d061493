package ma.pmogateway.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.jws.WebService;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.message.Exchange;

import ma.pmogateway.contract.ao.EnTete;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.FicheProjet;
import ma.pmogateway.contract.ao.Localisation;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.contract.BatchElement;
import ma.pmogateway.contract.ao.service.EnvoiAValider;
import ma.pmogateway.contract.ao.service.EtatEchange;
import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.contract.ao.service.RecupererRetours;
import ma.pmogateway.contract.ao.service.RecupererRetoursReponse;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.journal.ExchangeRecord;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Place;
import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.rules.ValidationReport;
import ma.pmogateway.support.Sha256;
import ma.pmogateway.transform.TransformContext;
import ma.pmogateway.security.CanonicalXml;
import ma.pmogateway.security.Sender;
import ma.pmogateway.security.VerifiedSender;

/**
 * The gateway's service: each operation reads as the list of its steps. By the time a method runs,
 * the request was captured, its signature, timestamp, freshness and signer verified, the operation
 * authorised for the sender and the payload validated against the schema (see {@link GatewayServer}).
 */
@WebService(serviceName = "PasserelleSuiviProjets", targetNamespace = "urn:ma:alomrane:suivi-projets:wsdl:v1",
        endpointInterface = "ma.pmogateway.contract.ao.ws.SuiviProjets",
        wsdlLocation = "classpath:contracts/wsdl/suivi-projets-v1.wsdl")
public class SuiviProjetsEndpoint implements SuiviProjets {

    private static final String FICHES_WRAPPER = "/svc:SoumettreProjets[1]";
    private static final String SITUATIONS_WRAPPER = "/svc:SoumettreSituations[1]";
    private static final int DEFAULT_PAGE = 100;

    private final Journal journal;
    private final BatchChecks checks;

    SuiviProjetsEndpoint(Journal journal, BatchChecks checks) {
        this.journal = journal;
        this.checks = checks;
    }

    @Override
    public AccuseReception soumettreProjets(EnvoiFichesProjets envoi) {
        Map<String, Set<Place>> places = placesOfFiches(envoi);
        return submit(BatchKind.FICHES, envoi.getEnTete(), () -> places, itemsOfFiches(envoi), places, List.of());
    }

    @Override
    public AccuseReception soumettreSituations(EnvoiSituations envoi) {
        return submit(BatchKind.SITUATIONS, envoi.getEnTete(), () -> knownPlacesOfSituations(envoi),
                itemsOfSituations(envoi), Map.of(), progressOf(envoi));
    }

    /** The two kinds of batch: where they sit in the SOAP payload and which PMO operation takes them. */
    private enum BatchKind {
        FICHES(FICHES_WRAPPER, "EnvoiFichesProjets", "FicheProjet", "DeposerFiches"),
        SITUATIONS(SITUATIONS_WRAPPER, "EnvoiSituations", "SituationAvancement", "DeposerSituations");

        final String wrapper;
        final String batchPath;
        final String itemElement;
        final String pmoOperation;

        BatchKind(String wrapper, String batchElement, String itemElement, String pmoOperation) {
            this.wrapper = wrapper;
            this.batchPath = wrapper + "/ao:" + batchElement + "[1]";
            this.itemElement = itemElement;
            this.pmoOperation = pmoOperation;
        }
    }

    /**
     * The steps of a submission once the payload is valid: the declared sender is the signer; every
     * project lies in the sender's scope; the business rules, translation and PMO check pass; then the
     * batch, what it teaches about its projects and its PMO document are journaled in one transaction
     * before the receipt is returned.
     */
    private AccuseReception submit(BatchKind kind, EnTete header, Supplier<Map<String, Set<Place>>> places,
            List<Submission.Item> items, Map<String, Set<Place>> newPlaces, List<Submission.Progress> progress) {
        Exchange exchange = RequestAttributes.current();
        VerifiedSender sender = RequestAttributes.sender(exchange);
        requireDeclaredSender(sender, header.getEmetteur(), kind.batchPath);
        authoriseRegions(sender.sender(), places.get(), kind.batchPath + "/ao:" + kind.itemElement + "[%d]");
        byte[] batch = verifiedBatch(exchange);
        ValidationReport report = checks.require(batch, context(exchange), kind.wrapper);
        Submission submission = new Submission(RequestAttributes.operation(exchange), sender.sender().code(),
                sender.thumbprint(), header.getIdentifiantEnvoi(), Sha256.hex(batch), items, newPlaces, progress,
                delivery(kind.pmoOperation, report));
        return withWarnings(accept(exchange, submission), report, kind.itemElement, kind.wrapper);
    }

    @Override
    public RapportValidation validerEnvoi(EnvoiAValider envoiAValider) {
        return ValidationReports.of(checks.dryRun(verifiedBatch(RequestAttributes.current())));
    }

    @Override
    public EtatEchange consulterEchange(String identifiantEchange) {
        Sender sender = RequestAttributes.sender(RequestAttributes.current()).sender();
        ExchangeRecord record = journal.findAccepted(identifiantEchange)
                .filter(found -> found.sender().equals(sender.code()) || sender.regions().all())
                .orElseThrow(() -> new GatewayException(ErrorCode.ECHANGE_INCONNU, null, identifiantEchange));
        return ExchangeStates.of(record);
    }

    @Override
    public RecupererRetoursReponse recupererRetours(RecupererRetours parameters) {
        Sender sender = RequestAttributes.sender(RequestAttributes.current()).sender();
        int limit = parameters.getNombreMax() == null ? DEFAULT_PAGE : parameters.getNombreMax();
        Journal.FeedbackPage page = journal.feedbackSince(sender.code(), Cursors.decode(parameters.getDepuis()), limit);
        RecupererRetoursReponse response = new RecupererRetoursReponse();
        page.feedback().forEach(document -> response.getRetourPMO().add(FeedbackDocuments.read(document)));
        response.setCurseurSuivant(Cursors.encode(page.lastId()));
        response.setPlusDeRetours(page.more());
        return response;
    }

    // ---- steps ------------------------------------------------------------------------------

    /** The header's Emetteur must be the entity whose certificate signed the message. */
    private static void requireDeclaredSender(VerifiedSender sender, String declared, String batchPath) {
        if (!sender.sender().code().equals(declared)) {
            throw Authorisation.refusal(sender.sender().code(), List.of(Authorisation.problem("emetteur",
                    batchPath + "/ao:EnTete[1]/ao:Emetteur[1]", sender.sender().code(), declared)));
        }
    }

    /** Every place of every project must lie within the sender's regions (and provinces, if restricted). */
    private static void authoriseRegions(Sender sender, Map<String, Set<Place>> places, String itemPath) {
        List<Problem> problems = new ArrayList<>();
        int rank = 0;
        for (Map.Entry<String, Set<Place>> project : places.entrySet()) {
            rank++;
            for (Place place : project.getValue()) {
                if (!sender.mayReportOn(place.region(), place.province())) {
                    problems.add(Authorisation.problem("region", itemPath.formatted(rank), sender.code(),
                            project.getKey(), place.region(), place.province()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw Authorisation.refusal(sender.code(), problems);
        }
    }

    private AccuseReception accept(Exchange exchange, Submission submission) {
        ReceivedRequest request = RequestAttributes.received(exchange);
        Journal.Acceptance acceptance = journal.recordAccepted(request, submission);
        RequestAttributes.markJournaled(exchange);
        return Receipts.of(acceptance, request, submission);
    }

    // ---- reading the batches ------------------------------------------------------------------

    private static Map<String, Set<Place>> placesOfFiches(EnvoiFichesProjets envoi) {
        Map<String, Set<Place>> places = new java.util.LinkedHashMap<>();
        for (FicheProjet fiche : envoi.getFicheProjet()) {
            Set<Place> projectPlaces = new LinkedHashSet<>();
            for (Localisation location : fiche.getLocalisations().getLocalisation()) {
                projectPlaces.add(new Place(location.getRegion(), location.getProvince()));
            }
            places.put(fiche.getCodeProjet(), projectPlaces);
        }
        return places;
    }

    /** Where each reported project lies, from its last accepted fiche; an unknown project is refused. */
    private Map<String, Set<Place>> knownPlacesOfSituations(EnvoiSituations envoi) {
        Map<String, Set<Place>> places = new java.util.LinkedHashMap<>();
        List<Problem> unknown = new ArrayList<>();
        int rank = 0;
        for (SituationAvancement situation : envoi.getSituationAvancement()) {
            rank++;
            Set<Place> projectPlaces = journal.placesOf(situation.getCodeProjet());
            if (projectPlaces.isEmpty()) {
                Problem problem = Authorisation.problem("projet-inconnu",
                        BatchKind.SITUATIONS.batchPath + "/ao:SituationAvancement[" + rank + "]/ao:CodeProjet[1]", null,
                        situation.getCodeProjet());
                unknown.add(new Problem("R-PRJ-001", false, problem.messageFr(), problem.messageEn(),
                        problem.xpath(), -1, -1));
            }
            places.put(situation.getCodeProjet(), projectPlaces);
        }
        if (!unknown.isEmpty()) {
            throw new GatewayException(ErrorCode.REGLE_METIER, unknown, null, unknown.size());
        }
        return places;
    }

    private static List<Submission.Item> itemsOfFiches(EnvoiFichesProjets envoi) {
        LocalDate asOf = LocalDate.parse(envoi.getEnTete().getDateArrete().toXMLFormat());
        List<Submission.Item> items = new ArrayList<>();
        for (FicheProjet fiche : envoi.getFicheProjet()) {
            items.add(new Submission.Item(items.size() + 1, fiche.getCodeProjet(), "FICHE_PROJET", asOf));
        }
        return items;
    }

    private static List<Submission.Item> itemsOfSituations(EnvoiSituations envoi) {
        List<Submission.Item> items = new ArrayList<>();
        for (SituationAvancement situation : envoi.getSituationAvancement()) {
            items.add(new Submission.Item(items.size() + 1, situation.getCodeProjet(), "SITUATION",
                    LocalDate.parse(situation.getDateArrete().toXMLFormat())));
        }
        return items;
    }

    private static List<Submission.Progress> progressOf(EnvoiSituations envoi) {
        List<Submission.Progress> progress = new ArrayList<>();
        for (SituationAvancement situation : envoi.getSituationAvancement()) {
            progress.add(new Submission.Progress(situation.getCodeProjet(),
                    LocalDate.parse(situation.getDateArrete().toXMLFormat()), situation.getAvancementPhysique()));
        }
        return progress;
    }

    /** The checked batch's PMO translation, to be queued for {@code pmoOperation}. */
    private static Submission.Delivery delivery(String pmoOperation, ValidationReport report) {
        return new Submission.Delivery(pmoOperation, report.pmoDocument()
                .orElseThrow(() -> new GatewayException(ErrorCode.TRANSFORMATION_INVALIDE, null, "-")));
    }

    /** The translation of this exchange is stamped with its id and reception time: same input, same bytes. */
    private static TransformContext context(Exchange exchange) {
        ReceivedRequest request = RequestAttributes.received(exchange);
        return new TransformContext(UUID.fromString(request.exchangeId()), request.receivedAt());
    }

    /** Adds to the receipt the non-blocking findings of the rules, item by item. */
    private static AccuseReception withWarnings(AccuseReception receipt, ValidationReport report, String itemElement,
            String wrapperPath) {
        for (ResultatReception item : receipt.getElement()) {
            List<Problem> warnings = BatchChecks.warningsOfItem(report, itemElement, item.getRang().intValue(),
                    wrapperPath);
            if (!warnings.isEmpty()) {
                item.setResultat(ResultatElement.ACCEPTE_AVEC_AVERTISSEMENTS);
                warnings.forEach(warning -> item.getAvertissement().add(FaultDetails.probleme(warning)));
            }
        }
        return receipt;
    }

    /**
     * The batch element (EnvoiFichesProjets or EnvoiSituations) inside the operation wrapper, as received
     * and verified, in its exclusive canonical form: a document of its own for the rules and the
     * transformation, and the bytes whose digest identifies the batch's content.
     */
    private static byte[] verifiedBatch(Exchange exchange) {
        try {
            SOAPMessage saaj = exchange.getInMessage().getContent(SOAPMessage.class);
            return CanonicalXml.exclusive(BatchElement.in(saaj.getSOAPBody())
                    .orElseThrow(() -> new GatewayException(ErrorCode.ERREUR_INTERNE, null, "-")));
        } catch (SOAPException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "-");
        }
    }
}
