package ma.pmogateway.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.rules.AmountsNeverDecrease;
import ma.pmogateway.rules.EnvoiValidator;
import ma.pmogateway.rules.ProgressNeverDecreases;
import ma.pmogateway.rules.ProjectHistory;
import ma.pmogateway.rules.ValidationReport;
import ma.pmogateway.transform.TransformContext;

/**
 * Step 5 of the message path for submissions: the business rules (Schematron and journal-backed),
 * the transformation into the PMO model and the PMO-schema check of its result, over the verified
 * batch. Rule errors refuse the batch precisely ({@link ErrorCode#REGLE_METIER}); a translation the
 * PMO schema refuses is a defect of the gateway ({@link ErrorCode#TRANSFORMATION_INVALIDE}), logged
 * with the exchange id and never forwarded.
 */
final class BatchChecks {

    private static final Logger LOG = LoggerFactory.getLogger(BatchChecks.class);

    private final EnvoiValidator validator;
    private final ProjectHistory history;
    private final Clock clock;

    BatchChecks(EnvoiValidator validator, ProjectHistory history, Clock clock) {
        this.validator = validator;
        this.history = history;
        this.clock = clock;
    }

    /**
     * Returns the report of {@code batch} (its warnings and its PMO translation) or refuses it. The
     * history rules compare with the history of {@code ownProjects} only: the others' is not the sender's
     * to learn (a dry run's batch may name them; a submission's is refused before).
     *
     * @param wrapperPath XPath of the batch inside the SOAP payload, prefixed to the rules' locations
     */
    ValidationReport require(byte[] batch, TransformContext context, String wrapperPath, Set<String> ownProjects) {
        ProjectHistory visible = (project, asOf) -> ownProjects.contains(project)
                ? history.lastAcceptedBefore(project, asOf) : Optional.empty();
        ValidationReport report = validator.validateSchemaValid(batch, today(), visible, context);
        if (report.valid()) {
            return report;
        }
        List<Problem> defects = report.problems().stream()
                .filter(p -> p.step() == Problem.Step.TRANSFORMATION).toList();
        if (!defects.isEmpty()) {
            LOG.error("Exchange {}: the PMO translation is invalid: {}", context.exchangeId(), defects);
            throw new GatewayException(ErrorCode.TRANSFORMATION_INVALIDE, new IllegalStateException(defects.toString()),
                    context.exchangeId());
        }
        List<Problem> problems = report.problems().stream().map(p -> p.under(wrapperPath)).toList();
        throw new GatewayException(ErrorCode.REGLE_METIER, problems, null, problems.size());
    }

    /**
     * The history rules checked again inside the transaction that accepts the batch, on {@code history}
     * as it is there: the batch's reports do not go below what was accepted for their projects before
     * them, another batch accepted since {@link #require} included: neither their physical progress
     * (R-AVA-002) nor their cumulative amounts (R-FIN-005).
     *
     * @param scope       the batch, for where each report stands
     * @param progress    the batch's reports, in batch order
     * @param wrapperPath XPath of the batch inside the SOAP payload
     * @throws GatewayException {@link ErrorCode#REGLE_METIER} with every value that would go backwards
     */
    static void requireHistoryKept(BatchScope scope, List<Submission.Progress> progress, ProjectHistory history,
            String wrapperPath) {
        List<Problem> violations = new ArrayList<>();
        for (int rank = 0; rank < progress.size(); rank++) {
            Submission.Progress report = progress.get(rank);
            Optional<ProjectHistory.AcceptedReport> last = history.lastAcceptedBefore(report.projectCode(), report.asOf());
            String reportPath = scope.projects().get(rank).path();
            int item = rank + 1;
            ProgressNeverDecreases.violation(report.physicalProgress(), last, reportPath + "/ao:AvancementPhysique[1]",
                    -1, -1, item).ifPresent(violations::add);
            violations.addAll(AmountsNeverDecrease.violations(JournalHistory.amounts(report.amounts()), last,
                    reportPath + "/ao:ExecutionFinanciere[1]", item));
        }
        if (!violations.isEmpty()) {
            List<Problem> problems = violations.stream().map(violation -> violation.under(wrapperPath)).toList();
            throw new GatewayException(ErrorCode.REGLE_METIER, problems, null, problems.size());
        }
    }

    /** Returns every warning of {@code report}, located under {@code wrapperPath}. */
    static List<Problem> warnings(ValidationReport report, String wrapperPath) {
        return report.problems().stream().filter(Problem::warning).map(problem -> problem.under(wrapperPath)).toList();
    }

    /**
     * Returns the warnings of {@code report} about item {@code rank} (1-based) of the batch, located under
     * {@code wrapperPath}: those the rules found on a node of that item.
     */
    static List<Problem> warningsOfItem(ValidationReport report, int rank, String wrapperPath) {
        return report.problems().stream().filter(problem -> problem.warning() && problem.item() == rank)
                .map(problem -> problem.under(wrapperPath)).toList();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
