package ma.pmogateway.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.jws.WebService;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.message.Exchange;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.EnTete;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.FicheProjet;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.contract.BatchElement;
import ma.pmogateway.contract.ao.service.EnvoiAValider;
import ma.pmogateway.contract.ao.service.EtatEchange;
import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.contract.ao.service.RecupererRetours;
import ma.pmogateway.contract.ao.service.RecupererRetoursReponse;
import ma.pmogateway.contract.ao.service.Transfert;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.journal.ExchangeRecord;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Place;
import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.ops.StepTimer;
import ma.pmogateway.rules.ValidationReport;
import ma.pmogateway.support.Sha256;
import ma.pmogateway.transform.CodeLists;
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
    private final Authorisation authorisation;
    private final BatchChecks checks;
    private final Transfers transfers;

    SuiviProjetsEndpoint(Journal journal, BatchChecks checks, CodeLists codeLists) {
        this.journal = journal;
        this.authorisation = new Authorisation(journal);
        this.checks = checks;
        this.transfers = new Transfers(journal, codeLists);
    }

    @Override
    public AccuseReception soumettreProjets(EnvoiFichesProjets envoi) {
        return submit(BatchKind.FICHES, envoi.getEnTete(), itemsOfFiches(envoi), List.of());
    }

    @Override
    public AccuseReception soumettreSituations(EnvoiSituations envoi) {
        return submit(BatchKind.SITUATIONS, envoi.getEnTete(), itemsOfSituations(envoi), progressOf(envoi));
    }

    /** The two kinds of batch: where they sit in the SOAP payload and which PMO operation takes them. */
    private enum BatchKind {
        FICHES(FICHES_WRAPPER, "FicheProjet", "DeposerFiches"),
        SITUATIONS(SITUATIONS_WRAPPER, "SituationAvancement", "DeposerSituations");

        final String wrapper;
        final String itemElement;
        final String pmoOperation;

        BatchKind(String wrapper, String itemElement, String pmoOperation) {
            this.wrapper = wrapper;
            this.itemElement = itemElement;
            this.pmoOperation = pmoOperation;
        }
    }

    /**
     * The steps of a submission once the payload is valid: the sender may act on every project of the
     * batch, there; the business rules, translation and PMO check pass; then the batch, what it teaches
     * about its projects and its PMO document are journaled in one transaction, where ownership and the
     * history rule are checked again on the journal as it is then, before the receipt is returned.
     */
    private AccuseReception submit(BatchKind kind, EnTete header, List<Submission.Item> items,
            List<Submission.Progress> progress) {
        Exchange exchange = RequestAttributes.current();
        RequestAttributes.setBatchId(exchange, header.getIdentifiantEnvoi());
        VerifiedSender sender = RequestAttributes.sender(exchange);
        Element verified = verifiedBatch(exchange);
        byte[] batch = CanonicalXml.exclusive(verified);
        BatchScope scope = BatchScope.of(verified)
                .orElseThrow(() -> new GatewayException(ErrorCode.ERREUR_INTERNE, null, "-"));
        authorisation.require(sender.sender(), scope, kind.wrapper);
        ValidationReport report = checks.require(batch, context(exchange), kind.wrapper);
        Submission submission = new Submission(RequestAttributes.operation(exchange), sender.sender().code(),
                sender.thumbprint(), header.getIdentifiantEnvoi(), Sha256.hex(batch), items, placesOf(scope),
                ownersOf(scope), progress, delivery(kind.pmoOperation, report));
        return withWarnings(accept(exchange, submission, admission -> {
            authorisation.admit(sender.sender(), scope, admission.owners(), kind.wrapper);
            BatchChecks.requireProgressKept(scope, progress, JournalHistory.inside(admission), kind.wrapper);
        }), report, kind.itemElement, kind.wrapper);
    }

    /**
     * The dry run: the same checks as a submission, in its order, reported instead of refused
     * ({@link ValidationReports}); the history rules see only the sender's own projects, so the report
     * tells nothing of another entity's.
     */
    @Override
    public RapportValidation validerEnvoi(EnvoiAValider envoiAValider) {
        Exchange exchange = RequestAttributes.current();
        Sender sender = RequestAttributes.sender(exchange).sender();
        Element verified = verifiedBatch(exchange);
        byte[] batch = CanonicalXml.exclusive(verified);
        Authorisation.Verdict verdict = BatchScope.of(verified).map(scope -> authorisation.check(sender, scope, ""))
                .orElse(new Authorisation.Verdict(List.of(), Set.of()));
        return ValidationReports.of(checks.dryRun(batch, verdict.ownProjects()),
                verdict.refusals().stream().map(Authorisation.Refusal::problem).toList());
    }

    /**
     * The state of one of the sender's own exchanges (the head office sees every entity's); another's is
     * answered as if it did not exist.
     */
    @Override
    public EtatEchange consulterEchange(String identifiantEchange) {
        Sender sender = RequestAttributes.sender(RequestAttributes.current()).sender();
        ExchangeRecord record = journal.findAccepted(identifiantEchange)
                .orElseThrow(() -> new GatewayException(Reason.EXCHANGE_UNKNOWN, null, identifiantEchange));
        if (!record.sender().equals(sender.code()) && !Authorisation.isHeadOffice(sender)) {
            throw new GatewayException(Reason.EXCHANGE_NOT_VISIBLE, null, identifiantEchange);
        }
        return ExchangeStates.of(record);
    }

    /** A head-office transfer of a project to another entity, journaled with the new owner before it is answered. */
    @Override
    public Transfert transfererProjet(String codeProjet, String nouveauProprietaire, String motif) {
        Exchange exchange = RequestAttributes.current();
        Transfert transfer = transfers.transfer(RequestAttributes.received(exchange), RequestAttributes.sender(exchange),
                codeProjet, nouveauProprietaire, motif);
        RequestAttributes.markJournaled(exchange);
        return transfer;
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

    private AccuseReception accept(Exchange exchange, Submission submission, Journal.AdmissionCheck admission) {
        ReceivedRequest request = RequestAttributes.received(exchange);
        Journal.Acceptance acceptance = exchange.getBus().getExtension(StepTimer.class)
                .time(StepTimer.Step.JOURNAL, () -> journal.recordAccepted(request, submission, admission));
        RequestAttributes.markJournaled(exchange);
        return Receipts.of(acceptance, request, submission);
    }

    // ---- reading the batches ------------------------------------------------------------------

    /** For project records, where each project lies from now on; progress reports change nothing there. */
    private static Map<String, Set<Place>> placesOf(BatchScope scope) {
        Map<String, Set<Place>> places = new LinkedHashMap<>();
        if (scope.fiches()) {
            scope.projects().forEach(project -> places.put(project.code(), project.places()));
        }
        return places;
    }

    /** For project records, the owner a project gets if this is its first accepted fiche. */
    private static Map<String, String> ownersOf(BatchScope scope) {
        Map<String, String> owners = new LinkedHashMap<>();
        if (scope.fiches()) {
            scope.codes().forEach(code -> owners.put(code, Authorisation.entityNamedBy(code)));
        }
        return owners;
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
     * and verified: authorisation reads it as it stands; its exclusive canonical form is a document of its
     * own for the rules and the transformation, and the bytes whose digest identifies the batch's content.
     */
    private static Element verifiedBatch(Exchange exchange) {
        try {
            SOAPMessage saaj = exchange.getInMessage().getContent(SOAPMessage.class);
            return BatchElement.in(saaj.getSOAPBody())
                    .orElseThrow(() -> new GatewayException(ErrorCode.ERREUR_INTERNE, null, "-"));
        } catch (SOAPException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "-");
        }
    }
}
