package ma.pmogateway.rules;

import java.util.List;

import net.sf.saxon.s9api.XdmNode;

/**
 * Business rules that compare a batch with what the gateway accepted before, and so need the
 * journal: they run in the service layer, after the Schematron rules, against a {@link ProjectHistory}.
 */
public interface HistoryRules {

    /**
     * Returns every violation of these rules by {@code aoDocument} (parsed with line numbers by
     * {@link ma.pmogateway.transform.XsltRuntime#parse}) given {@code history}, in document order.
     */
    List<RuleViolation> check(XdmNode aoDocument, ProjectHistory history);
}
