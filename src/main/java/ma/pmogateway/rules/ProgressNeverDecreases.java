package ma.pmogateway.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.sf.saxon.s9api.XdmNode;

import ma.pmogateway.contract.Namespaces;

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
    public List<RuleViolation> check(XdmNode aoDocument, ProjectHistory history) {
        List<RuleViolation> violations = new ArrayList<>();
        for (XdmNode batch : aoDocument.children(Namespaces.AO, "EnvoiSituations")) {
            for (XdmNode report : batch.children(Namespaces.AO, "SituationAvancement")) {
                XdmNode progress = child(report, "AvancementPhysique");
                BigDecimal value = new BigDecimal(progress.getStringValue().strip());
                Optional<ProjectHistory.AcceptedReport> last = history.lastAcceptedBefore(
                        child(report, "CodeProjet").getStringValue().strip(),
                        LocalDate.parse(child(report, "DateArrete").getStringValue().strip()));
                if (last.isPresent() && value.compareTo(last.get().physicalProgress()) < 0) {
                    violations.add(violation(progress, value, last.get()));
                }
            }
        }
        return violations;
    }

    private static RuleViolation violation(XdmNode progress, BigDecimal value, ProjectHistory.AcceptedReport last) {
        NodeLocation location = NodeLocation.of(progress);
        String previous = last.physicalProgress().toPlainString();
        return new RuleViolation(RULE_ID, Severity.ERREUR, location.xpath(), location.line(), location.column(),
                "L'avancement physique (" + value.toPlainString() + " %) est inférieur à celui de la dernière situation"
                        + " acceptée du projet, arrêtée au " + last.asOf() + " (" + previous + " %) : il ne peut pas reculer.",
                "Physical progress (" + value.toPlainString() + " %) is below that of the project's last accepted report,"
                        + " as of " + last.asOf() + " (" + previous + " %): it cannot go backwards.");
    }

    private static XdmNode child(XdmNode parent, String name) {
        return parent.children(Namespaces.AO, name).iterator().next();
    }
}
