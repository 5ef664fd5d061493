package ma.pmogateway.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.sf.saxon.s9api.XdmNode;

import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.error.Problem;

/**
 * Business rules that compare a batch with what the gateway accepted before, and so need the
 * journal: they run in the service layer, after the Schematron rules, against a {@link ProjectHistory}.
 */
public interface HistoryRules {

    /**
     * Returns every violation of these rules by {@code aoDocument} (parsed with line numbers by
     * {@link ma.pmogateway.transform.XsltRuntime#parse}) given {@code history}, in document order.
     */
    List<Problem> check(XdmNode aoDocument, ProjectHistory history);

    /**
     * A progress report of a batch and what the history rules compare it with.
     *
     * @param situation    the SituationAvancement element
     * @param lastAccepted the last report of its project accepted before its as-of date, if any
     */
    record Report(XdmNode situation, Optional<ProjectHistory.AcceptedReport> lastAccepted) {

        /** Returns the first child {@code name} of {@code parent} (present: the document is schema-valid). */
        static XdmNode child(XdmNode parent, String name) {
            return parent.children(Namespaces.AO, name).iterator().next();
        }
    }

    /** Returns the progress reports of {@code aoDocument}, in batch order, each with its project's last accepted one. */
    static List<Report> reports(XdmNode aoDocument, ProjectHistory history) {
        List<Report> reports = new ArrayList<>();
        for (XdmNode batch : aoDocument.children(Namespaces.AO, "EnvoiSituations")) {
            for (XdmNode situation : batch.children(Namespaces.AO, "SituationAvancement")) {
                reports.add(new Report(situation, history.lastAcceptedBefore(
                        Report.child(situation, "CodeProjet").getStringValue().strip(),
                        LocalDate.parse(Report.child(situation, "DateArrete").getStringValue().strip()))));
            }
        }
        return reports;
    }
}
