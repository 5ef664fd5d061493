package ma.pmogateway.service;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;

import org.w3c.dom.Element;

import ma.pmogateway.contract.BatchElement;
import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.contract.SchemaViolation;
import ma.pmogateway.contract.ao.service.EtatEchange;
import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.contract.ao.service.RecupererRetoursReponse;
import ma.pmogateway.contract.ao.service.Transfert;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.journal.ExchangeRecord;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.journal.Versions;
import ma.pmogateway.rules.EnvoiValidator;
import ma.pmogateway.rules.ValidationReport;
import ma.pmogateway.security.CanonicalXml;
import ma.pmogateway.support.Sha256;
import ma.pmogateway.ops.StepTimer;
import ma.pmogateway.transform.CodeLists;
import ma.pmogateway.transform.TransformContext;

/**
 * The steps of an exchange, in order: the one place that says what happens to a request.
 *
 * <p>Reception, in CXF, before any of this class (wired by {@link GatewayServer}):
 * <ol>
 * <li>capture: the bytes kept as received; HTTP method, charset and content type; the XML threat guard
 * ({@link CaptureInterceptor});</li>
 * <li>WS-Security from the WSDL's policy: signature, Timestamp, freshness, trust, replay (WSS4J);</li>
 * <li>what the signature covers, and the sender it identifies ({@code security.SignatureCoverageInterceptor});</li>
 * <li>the envelope: the address's SOAP version, the operation the payload names ({@link EnvelopeInterceptor}).</li>
 * </ol>
 * Then, here, for every operation:
 * <ol start="5">
 * <li>{@code operation}: the sender may call it;</li>
 * </ol>
 * for a submission (SoumettreProjets, SoumettreSituations) and its dry run (ValiderEnvoi), the
 * {@link #CHECKS} of the batch:
 * <ol start="6">
 * <li>{@code contract}: the payload, as received, against the published schema;</li>
 * <li>{@code batch}: the batch read from the verified payload (its canonical form identifies its content);</li>
 * <li>{@code authorisation}: the sender may act on each of its projects, there;</li>
 * <li>{@code rules}: Schematron rules, history rules, translation into the PMO model, PMO-schema check;</li>
 * </ol>
 * then, for a submission only, the {@link #ACCEPTANCE}:
 * <ol start="10">
 * <li>{@code journal}: accepted in one transaction, ownership and history checked again there under the
 * journal's lock, the PMO document queued for delivery;</li>
 * <li>{@code receipt}: the acknowledgement, with the rules' warnings.</li>
 * </ol>
 * The dry run is the same checks without the acceptance: it reports the first failing check's problems
 * instead of refusing, so that it cannot disagree with the submission. Whichever step fails, one failure
 * handler ({@link FaultTranslationInterceptor}) answers and the {@link ExchangeRecorder} records the
 * refusal; every answer is recorded as it leaves ({@link ResponseJournalInterceptor}). Thread-safe.
 */
final class MessagePath {

    /** One named step of a batch's path: returns normally, or throws the refusal it stands for. */
    record Step(String name, StepAction action) {
    }

    /** What a step does to the batch under way. */
    @FunctionalInterface
    interface StepAction {
        void run(MessagePath path, BatchUnderway batch);
    }

    /** The checks of a batch, a submission's and a dry run's alike, in order. */
    static final List<Step> CHECKS = List.of(
            new Step("contract", MessagePath::contract),
            new Step("batch", MessagePath::readBatch),
            new Step("authorisation", MessagePath::authorise),
            new Step("rules", MessagePath::applyRules));

    /** What follows the checks for a submission. */
    static final List<Step> ACCEPTANCE = List.of(
            new Step("journal", MessagePath::journal),
            new Step("receipt", MessagePath::receipt));

    /** The refusals a dry run reports instead of answering them as a fault: the checks' own. */
    private static final Set<ErrorCode> REPORTED = Set.of(ErrorCode.CONTRAT_INVALIDE, ErrorCode.NON_AUTORISE,
            ErrorCode.REGLE_METIER, ErrorCode.TRANSFORMATION_INVALIDE);

    private static final String DRY_RUN_PAYLOAD = "/svc:ValiderEnvoi[1]/svc:EnvoiAValider[1]";

    private static final int DEFAULT_PAGE = 100;

    private final Journal journal;
    private final ContractValidator contracts;
    private final Authorisation authorisation;
    private final BatchChecks checks;
    private final Transfers transfers;
    private final ExchangeRecorder recorder;
    private final Versions versions;
    private final StepTimer stepTimer;

    MessagePath(Journal journal, ContractValidator contracts, BatchChecks checks, CodeLists codeLists,
            ExchangeRecorder recorder, Versions versions, StepTimer stepTimer) {
        this.stepTimer = stepTimer;
        this.versions = versions;
        this.journal = journal;
        this.contracts = contracts;
        this.authorisation = new Authorisation(journal);
        this.checks = checks;
        this.transfers = new Transfers(recorder, codeLists);
        this.recorder = recorder;
    }

    /** Step 5, for every operation: the verified sender may call the operation it called. */
    void authoriseOperation(RequestContext request) {
        if (!request.verifiedSender().sender().mayCall(request.operation())) {
            throw Authorisation.operationRefusal(request.senderCode(), request.operation());
        }
    }

    /** A submission: every check, then the acceptance; returns the receipt or throws the refusal. */
    AccuseReception submit(RequestContext request) {
        authoriseOperation(request);
        BatchUnderway batch = new BatchUnderway(request, "/svc:" + request.operation() + "[1]");
        run(CHECKS, batch);
        run(ACCEPTANCE, batch);
        return batch.receipt;
    }

    /**
     * The dry run: the submission's checks, in its order; the report lists every problem of the first
     * check that has any, located in the batch document as sent inside EnvoiAValider.
     */
    RapportValidation dryRun(RequestContext request) {
        authoriseOperation(request);
        BatchUnderway batch = new BatchUnderway(request, "");
        RapportValidation answer = new RapportValidation();
        answer.setVersionTransformation(versions.transformation());
        answer.setVersionListesCodes(versions.codeLists());
        try {
            run(CHECKS, batch);
        } catch (GatewayException refusal) {
            if (!REPORTED.contains(refusal.code())) {
                throw refusal;
            }
            describe(answer, batch);
            answer.setValide(false);
            problemsOf(refusal).forEach(problem -> answer.getProbleme().add(FaultDetails.probleme(problem)));
            return answer;
        }
        describe(answer, batch);
        answer.setValide(true);
        BatchChecks.warnings(batch.report, batch.prefix)
                .forEach(warning -> answer.getProbleme().add(FaultDetails.probleme(warning)));
        return answer;
    }

    /** ConsulterEchange: the state of one of the sender's own exchanges (the head office sees every entity's). */
    EtatEchange consult(RequestContext request, String exchangeId) {
        authoriseOperation(request);
        ExchangeRecord record = journal.findAccepted(exchangeId)
                .orElseThrow(() -> new GatewayException(Reason.EXCHANGE_UNKNOWN, null, exchangeId));
        authorisation.requireVisible(request.verifiedSender().sender(), record);
        return ExchangeStates.of(record);
    }

    /** TransfererProjet: a head-office transfer, journaled with the new owner before it is answered. */
    Transfert transfer(RequestContext request, String projectCode, String newOwner, String decision) {
        authoriseOperation(request);
        return transfers.transfer(request, projectCode, newOwner, decision);
    }

    /** RecupererRetours: the PMO's feedback to the sender's exchanges, after the cursor. */
    RecupererRetoursReponse feedback(RequestContext request, String cursor, Integer limit) {
        authoriseOperation(request);
        Journal.FeedbackPage page = journal.feedbackSince(request.senderCode(), Cursors.decode(cursor),
                limit == null ? DEFAULT_PAGE : limit);
        RecupererRetoursReponse response = new RecupererRetoursReponse();
        page.feedback().forEach(document -> response.getRetourPMO().add(FeedbackDocuments.read(document)));
        response.setCurseurSuivant(Cursors.encode(page.lastId()));
        response.setPlusDeRetours(page.more());
        return response;
    }

    private void run(List<Step> steps, BatchUnderway batch) {
        for (Step step : steps) {
            stepTimer.time(step.name(), () -> step.action().run(this, batch));
        }
    }

    // ---- the steps --------------------------------------------------------------------------------------

    private void contract(BatchUnderway batch) {
        List<SchemaViolation> violations = contracts.validateSoapBody(Contract.AO_SERVICE,
                batch.request.received().bytes());
        if (!violations.isEmpty()) {
            List<Problem> problems = violations.stream().map(v -> Problem.error(Problem.Step.CONTRAT, null,
                    batch.located(v.xpath()), v.line(), v.column(), v.messageFr(), v.messageEn())).toList();
            throw new GatewayException(Reason.SCHEMA_INVALID, problems, null, problems.size());
        }
    }

    private void readBatch(BatchUnderway batch) {
        batch.element = verifiedBatch(batch.request)
                .orElseThrow(() -> new GatewayException(ErrorCode.ERREUR_INTERNE, null, "-"));
        batch.canonical = CanonicalXml.exclusive(batch.element);
        batch.scope = BatchScope.of(batch.element)
                .orElseThrow(() -> new GatewayException(ErrorCode.ERREUR_INTERNE, null, "-"));
        batch.request.batchId(batch.scope.batchId());
    }

    private void authorise(BatchUnderway batch) {
        batch.ownProjects = authorisation.require(batch.request.verifiedSender().sender(), batch.scope, batch.prefix)
                .ownProjects();
    }

    private void applyRules(BatchUnderway batch) {
        TransformContext context = batch.prefix.isEmpty() ? EnvoiValidator.DRY_RUN
                : new TransformContext(UUID.fromString(batch.request.exchangeId()), batch.request.received().receivedAt());
        batch.report = checks.require(batch.canonical, context, batch.prefix, batch.ownProjects);
    }

    private void journal(BatchUnderway batch) {
        BatchScope scope = batch.scope;
        Submission submission = new Submission(batch.request.operation(), batch.request.senderCode(),
                batch.request.senderThumbprint(), scope.batchId(), Sha256.hex(batch.canonical), scope.items(),
                scope.places(), ownersOf(scope), scope.progress(), new Submission.Delivery(scope.pmoOperation(),
                        batch.report.pmoDocument().orElseThrow(
                                () -> new GatewayException(ErrorCode.TRANSFORMATION_INVALIDE, null, "-"))));
        batch.acceptance = recorder.accepted(batch.request, submission, admission -> {
            authorisation.admit(batch.request.verifiedSender().sender(), scope, admission.owners(), batch.prefix);
            BatchChecks.requireHistoryKept(scope, submission.progress(), JournalHistory.inside(admission),
                    batch.prefix);
        });
        batch.submission = submission;
    }

    private void receipt(BatchUnderway batch) {
        AccuseReception receipt = Receipts.of(batch.acceptance, batch.request.received(), batch.submission);
        for (ResultatReception result : receipt.getElement()) {
            List<Problem> warnings = BatchChecks.warningsOfItem(batch.report, result.getRang().intValue(),
                    batch.prefix);
            if (!warnings.isEmpty()) {
                result.setResultat(ResultatElement.ACCEPTE_AVEC_AVERTISSEMENTS);
                warnings.forEach(warning -> result.getAvertissement().add(FaultDetails.probleme(warning)));
            }
        }
        batch.receipt = receipt;
    }

    // ---- what the steps share -----------------------------------------------------------------------

    /** A batch on its way through the steps: what each step learnt, for the steps after it. */
    static final class BatchUnderway {

        final RequestContext request;
        /** XPath of the batch document in the caller's payload; "" for a dry run (located in the batch). */
        final String prefix;
        Element element;
        byte[] canonical;
        BatchScope scope;
        Set<String> ownProjects;
        ValidationReport report;
        Submission submission;
        Journal.Acceptance acceptance;
        AccuseReception receipt;

        BatchUnderway(RequestContext request, String prefix) {
            this.request = request;
            this.prefix = prefix;
        }

        /** A location in the SOAP payload, as the caller is told it: a dry run's within its batch document. */
        String located(String payloadXPath) {
            return prefix.isEmpty() && payloadXPath != null && payloadXPath.startsWith(DRY_RUN_PAYLOAD)
                    ? payloadXPath.substring(DRY_RUN_PAYLOAD.length()) : payloadXPath;
        }
    }

    /** For project records, the owner a project gets if this is its first accepted fiche. */
    private static Map<String, String> ownersOf(BatchScope scope) {
        Map<String, String> owners = new LinkedHashMap<>();
        if (scope.fiches()) {
            scope.codes().forEach(code -> owners.put(code, Authorisation.entityNamedBy(code)));
        }
        return owners;
    }

    /** The dry run's id and size of the batch, read as leniently as the batch allows. */
    private static void describe(RapportValidation answer, BatchUnderway batch) {
        BatchScope scope = batch.scope != null ? batch.scope
                : verifiedBatch(batch.request).flatMap(BatchScope::of).orElse(null);
        if (scope != null) {
            if (!scope.batchId().isEmpty()) {
                answer.setIdentifiantEnvoi(scope.batchId());
            }
            answer.setNombreElements(BigInteger.valueOf(scope.projects().size()));
        } else {
            answer.setNombreElements(BigInteger.ZERO);
        }
    }

    /** The problems a refusal tells the caller; a refusal without any is one problem: its message. */
    private static List<Problem> problemsOf(GatewayException refusal) {
        if (!refusal.problems().isEmpty()) {
            return refusal.problems();
        }
        Problem.Step step = switch (refusal.code()) {
            case NON_AUTORISE -> Problem.Step.AUTORISATION;
            case REGLE_METIER -> Problem.Step.REGLE;
            case TRANSFORMATION_INVALIDE -> Problem.Step.TRANSFORMATION;
            default -> Problem.Step.CONTRAT;
        };
        return List.of(Problem.error(step, null, "/", -1, -1, refusal.text(Messages.FRENCH),
                refusal.text(Messages.ENGLISH)));
    }

    /**
     * The batch element (EnvoiFichesProjets or EnvoiSituations) in the payload, as received and verified:
     * authorisation reads it as it stands; its exclusive canonical form is a document of its own for the
     * rules and the transformation, and the bytes whose digest identifies the batch's content.
     */
    private static Optional<Element> verifiedBatch(RequestContext request) {
        try {
            SOAPMessage saaj = request.exchange().getInMessage().getContent(SOAPMessage.class);
            return BatchElement.in(saaj.getSOAPBody());
        } catch (SOAPException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "-");
        }
    }
}
