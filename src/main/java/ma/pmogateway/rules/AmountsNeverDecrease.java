package ma.pmogateway.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import net.sf.saxon.s9api.XdmNode;

import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;


/**
 * Rule R-FIN-005: a progress report's cumulative committed, issued and paid amounts are never below
 * those of the last report of the same project the gateway accepted before it (an earlier as-of date).
 *
 * <p>Each amount is a total since the project began, so a lower one is a data error (a report of
 * another project, an amount keyed for the period instead of the total). Reports within one batch are
 * compared by the Schematron rule R-FIN-004; this rule looks back into the journal. A report accepted
 * before the journal kept amounts is not compared. Stateless and thread-safe.
 */
public final class AmountsNeverDecrease implements HistoryRules {

    /** The stable id of this rule. */
    public static final String RULE_ID = "R-FIN-005";

    /** The three amounts, in the order of ExecutionFinanciere, with their words in each language. */
    private enum Amount {
        COMMITTED("MontantEngage", "engagé", "committed", ProjectHistory.CumulativeAmounts::committed),
        ISSUED("MontantEmis", "émis", "issued", ProjectHistory.CumulativeAmounts::issued),
        PAID("MontantPaye", "payé", "paid", ProjectHistory.CumulativeAmounts::paid);

        final String element;
        final String french;
        final String english;
        final Function<ProjectHistory.CumulativeAmounts, BigDecimal> value;

        Amount(String element, String french, String english, Function<ProjectHistory.CumulativeAmounts, BigDecimal> value) {
            this.element = element;
            this.french = french;
            this.english = english;
            this.value = value;
        }
    }

    @Override
    public List<Problem> check(XdmNode aoDocument, ProjectHistory history) {
        List<Problem> violations = new ArrayList<>();
        for (Report report : HistoryRules.reports(aoDocument, history)) {
            XdmNode execution = Report.child(report.situation(), "ExecutionFinanciere");
            for (Amount amount : Amount.values()) {
                XdmNode node = Report.child(execution, amount.element);
                NodeLocation location = NodeLocation.of(node);
                violation(amount, new BigDecimal(node.getStringValue().strip()), report.lastAccepted(), location.xpath(),
                        location.line(), location.column(), location.item()).ifPresent(violations::add);
            }
        }
        return violations;
    }

    /**
     * Returns the violations of the rule by a report of {@code amounts} whose ExecutionFinanciere is at
     * {@code executionXpath}, given the last report of its project accepted before it: the one comparison
     * of this rule, made on the document and made again inside the transaction that accepts the batch.
     * Locations inside the transaction have no line; {@code item} is the report's 1-based rank in its batch.
     */
    public static List<Problem> violations(ProjectHistory.CumulativeAmounts amounts,
            Optional<ProjectHistory.AcceptedReport> last, String executionXpath, int item) {
        List<Problem> violations = new ArrayList<>();
        for (Amount amount : Amount.values()) {
            violation(amount, amount.value.apply(amounts), last, executionXpath + "/ao:" + amount.element + "[1]",
                    -1, -1, item).ifPresent(violations::add);
        }
        return violations;
    }

    private static Optional<Problem> violation(Amount amount, BigDecimal value,
            Optional<ProjectHistory.AcceptedReport> last, String xpath, int line, int column, int item) {
        Optional<ProjectHistory.CumulativeAmounts> before = last.flatMap(ProjectHistory.AcceptedReport::amounts);
        if (before.isEmpty() || value.compareTo(amount.value.apply(before.get())) >= 0) {
            return Optional.empty();
        }
        String previous = amount.value.apply(before.get()).toPlainString();
        LocalDate asOf = last.get().asOf();
        return Optional.of(new Problem(Problem.Step.REGLE, RULE_ID, Severity.ERREUR, xpath, line, column, item,
                "Le montant cumulé " + amount.french + " (" + value.toPlainString() + " MAD) est inférieur à celui de la"
                        + " dernière situation acceptée du projet, arrêtée au " + asOf + " (" + previous
                        + " MAD) : un cumul ne peut pas reculer.",
                "The cumulative " + amount.english + " amount (" + value.toPlainString() + " MAD) is below that of the"
                        + " project's last accepted report, as of " + asOf + " (" + previous
                        + " MAD): a cumulative amount cannot go backwards."));
    }
}
