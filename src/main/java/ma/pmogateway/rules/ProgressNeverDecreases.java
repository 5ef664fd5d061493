package ma.pmogateway.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.sf.saxon.s9api.XdmNode;

import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;

/**
 * Rule R-AVA-002: a progress report's physical progress is never below that of the last report of the
 * same project the gateway accepted before it (an earlier as-of date).
 *
 * <p>Progress within one batch is compared by the Schematron rule R-AVA-003; this rule looks back
 * into the journal. Stateless and thread-safe.
 */
public final class ProgressNeverDecreases implements HistoryRules {

    /** The stable id of this rule. */
    public static final String RULE_ID = "R-AVA-002";

    @Override
    public List<Problem> check(XdmNode aoDocument, ProjectHistory history) {
        List<Problem> violations = new ArrayList<>();
        for (Report report : HistoryRules.reports(aoDocument, history)) {
            XdmNode progress = Report.child(report.situation(), "AvancementPhysique");
            NodeLocation location = NodeLocation.of(progress);
            violation(new BigDecimal(progress.getStringValue().strip()), report.lastAccepted(), location.xpath(),
                    location.line(), location.column(), location.item()).ifPresent(violations::add);
        }
        return violations;
    }

    /**
     * Returns the violation of the rule by a report of {@code value} % at {@code xpath}, given the last
     * report of its project accepted before it: the one comparison of this rule, made on the document and
     * made again inside the transaction that accepts the batch, where no other batch of the project can
     * be accepted in between.
     *
     * @param line   1-based line of the progress, or -1 if unknown
     * @param column 1-based column, or -1
     * @param item   the 1-based rank of the report in its batch
     */
    public static Optional<Problem> violation(BigDecimal value, Optional<ProjectHistory.AcceptedReport> last,
            String xpath, int line, int column, int item) {
        if (last.isEmpty() || value.compareTo(last.get().physicalProgress()) >= 0) {
            return Optional.empty();
        }
        String previous = last.get().physicalProgress().toPlainString();
        return Optional.of(new Problem(Problem.Step.REGLE, RULE_ID, Severity.ERREUR, xpath, line, column, item,
                "L'avancement physique (" + value.toPlainString() + " %) est inférieur à celui de la dernière situation"
                        + " acceptée du projet, arrêtée au " + last.get().asOf() + " (" + previous
                        + " %) : il ne peut pas reculer.",
                "Physical progress (" + value.toPlainString() + " %) is below that of the project's last accepted report,"
                        + " as of " + last.get().asOf() + " (" + previous + " %): it cannot go backwards."));
    }
}
