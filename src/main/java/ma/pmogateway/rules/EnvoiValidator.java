package ma.pmogateway.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import net.sf.saxon.s9api.XdmNode;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.contract.SchemaViolation;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;
import ma.pmogateway.transform.TransformContext;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.Translation;
import ma.pmogateway.transform.XsltRuntime;

/**
 * Runs every check of a submission without keeping or forwarding anything, and reports all problems
 * at once: what {@code ValiderEnvoi} and the {@code validate} command return.
 *
 * <p>The checks run in the order of the message path, each only on what the previous accepted:
 * the AO schema; then the business rules (Schematron, then the journal-backed ones), which assume a
 * schema-valid document; then, if no rule error remains, the transformation and the PMO schema check of
 * its result. The document is parsed once into a tiny tree shared by the rules and the transformation.
 * Thread-safe.
 */
public final class EnvoiValidator {

    /** Context of a dry run's transformation: it issues no PMO message, so its id and time are placeholders. */
    public static final TransformContext DRY_RUN = new TransformContext(
            UUID.fromString("00000000-0000-4000-8000-000000000000"), Instant.EPOCH);

    private final XsltRuntime runtime;
    private final ContractValidator contracts;
    private final BusinessRules rules;
    private final List<HistoryRules> historyRules;
    private final Transformer transformer;

    /** Creates a validator from the gateway's shared, already compiled parts. */
    public EnvoiValidator(XsltRuntime runtime, ContractValidator contracts, BusinessRules rules,
            List<HistoryRules> historyRules, Transformer transformer) {
        this.runtime = runtime;
        this.contracts = contracts;
        this.rules = rules;
        this.historyRules = List.copyOf(historyRules);
        this.transformer = transformer;
    }

    /** Validates {@code aoDocument} on {@code today}, offline: no history, a dry-run transformation. */
    public ValidationReport validate(byte[] aoDocument, LocalDate today) {
        return validate(aoDocument, today, ProjectHistory.NONE, DRY_RUN);
    }

    /**
     * Validates {@code aoDocument} on {@code today} against {@code history}; when it is valid, the report
     * carries the PMO document translated with {@code context}.
     */
    public ValidationReport validate(byte[] aoDocument, LocalDate today, ProjectHistory history,
            TransformContext context) {
        List<Problem> problems = new ArrayList<>();
        contracts.validate(Contract.AO_FORMAT, aoDocument).forEach(violation -> problems.add(problem(violation)));
        return check(aoDocument, today, history, context, problems);
    }

    /**
     * Validates {@code aoDocument} as {@link #validate(byte[], LocalDate, ProjectHistory, TransformContext)}
     * does, but for its schema: the message path checked it already, in the request as received.
     */
    public ValidationReport validateSchemaValid(byte[] aoDocument, LocalDate today, ProjectHistory history,
            TransformContext context) {
        return check(aoDocument, today, history, context, new ArrayList<>());
    }

    private ValidationReport check(byte[] aoDocument, LocalDate today, ProjectHistory history, TransformContext context,
            List<Problem> problems) {
        // Parsed even when schema-invalid, for the batch id and size; line numbers only serve the rules. Not
        // when it cannot be read: the schema check said so, and the parser would only say it again.
        boolean readable = problems.stream().noneMatch(p -> p.step() == Problem.Step.LECTURE);
        Optional<XdmNode> tree = readable ? parse(aoDocument, problems.isEmpty()) : Optional.empty();
        Optional<byte[]> pmoDocument = Optional.empty();
        if (problems.isEmpty() && tree.isPresent()) {
            checkRules(tree.get(), today, history, problems);
            if (problems.stream().noneMatch(p -> p.severity() == Severity.ERREUR)) {
                pmoDocument = translate(tree.get(), context, problems);
            }
        }
        boolean valid = problems.stream().noneMatch(p -> p.severity() == Severity.ERREUR);
        return new ValidationReport(valid, tree.flatMap(EnvoiValidator::envoiId), tree.map(EnvoiValidator::count).orElse(0),
                transformer.version(), transformer.codeListsVersion(), rules.version(), problems,
                valid ? pmoDocument : Optional.empty());
    }

    private Optional<XdmNode> parse(byte[] aoDocument, boolean withLineNumbers) {
        try {
            return Optional.of(runtime.parse(aoDocument, withLineNumbers));
        } catch (GatewayException notXml) {
            return Optional.empty();
        }
    }

    private void checkRules(XdmNode tree, LocalDate today, ProjectHistory history, List<Problem> problems) {
        problems.addAll(rules.check(tree, today));
        for (HistoryRules historyRule : historyRules) {
            problems.addAll(historyRule.check(tree, history));
        }
    }

    private Optional<byte[]> translate(XdmNode tree, TransformContext context, List<Problem> problems) {
        try {
            Translation translation = transformer.translate(tree, context);
            for (SchemaViolation violation : translation.violations()) {
                problems.add(gatewayDefect(violation.xpath(), violation.line(), violation.column(),
                        violation.messageFr(), violation.messageEn()));
            }
            return Optional.of(translation.document());
        } catch (GatewayException failed) {
            // The stylesheet stopped (e.g. a code the lists cannot map): Saxon's reason, in English only.
            String reason = (failed.getCause() != null ? failed.getCause() : failed).getMessage();
            problems.add(gatewayDefect("/", -1, -1, reason, reason));
            return Optional.empty();
        }
    }

    /** A problem of the AO schema, or of reading the document at all. */
    private static Problem problem(SchemaViolation violation) {
        Problem.Step step = ContractValidator.NOT_WELL_FORMED.equals(violation.key()) ? Problem.Step.LECTURE
                : Problem.Step.CONTRAT;
        return Problem.error(step, null, violation.xpath(), violation.line(), violation.column(), violation.messageFr(),
                violation.messageEn());
    }

    /**
     * A problem of the gateway's own output (an invalid PMO document, or a transformation that stopped):
     * reported as the gateway's defect, not the sender's.
     */
    private static Problem gatewayDefect(String xpath, int line, int column, String detailFr, String detailEn) {
        return Problem.error(Problem.Step.TRANSFORMATION, null, xpath, line, column,
                "La passerelle n'a pas pu produire un document PMO valide (défaut de la passerelle, à signaler) : "
                        + detailFr,
                "The gateway could not produce a valid PMO document (a defect of the gateway, please report it): "
                        + detailEn);
    }

    private static Optional<String> envoiId(XdmNode tree) {
        for (XdmNode batch : tree.children()) {
            for (XdmNode header : batch.children(Namespaces.AO, "EnTete")) {
                for (XdmNode id : header.children(Namespaces.AO, "IdentifiantEnvoi")) {
                    return Optional.of(id.getStringValue().strip());
                }
            }
        }
        return Optional.empty();
    }

    /** The number of fiches or situations: the root's children other than its header. */
    private static int count(XdmNode tree) {
        int count = 0;
        for (XdmNode batch : tree.children()) {
            for (XdmNode item : batch.children()) {
                boolean element = item.getNodeName() != null;
                if (element && !"EnTete".equals(item.getNodeName().getLocalName())) {
                    count++;
                }
            }
        }
        return count;
    }
}
