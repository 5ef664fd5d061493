package ma.pmogateway.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltExecutable;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;
import ma.pmogateway.transform.BundledFiles;
import ma.pmogateway.transform.XsltRuntime;

/**
 * Checks the business rules of Al Omrane batches ({@code src/main/resources/rules/regles-metier.sch},
 * ISO Schematron) and returns every violation with its rule id, severity, location (the item it is in
 * included, from the node the SVRL location designates) and messages.
 *
 * <p>The Schematron is compiled once, at construction, by SchXslt's include → expand → compile
 * pipeline into an XSLT 3.0 stylesheet whose SVRL report is read here; each check runs its own
 * transformer, so one instance serves every thread. The rules receive the code lists and "today" as
 * parameters and read nothing else. They assume the document already satisfies the AO schema.
 * Catalogue: {@code docs/RULES.md}.
 */
public final class BusinessRules {

    /** Version of the rule set; its SHA-256 is computed from the bundled Schematron. */
    public static final String VERSION = "1.1.0";

    static final String SCHEMATRON = "rules/regles-metier.sch";

    /** SchXslt 1.10.1's XSLT 2.0/3.0 compiler: its pipeline and the modules it includes. */
    private static final String SCHXSLT_PIPELINE = "xslt/2.0/pipeline-for-svrl.xsl";
    private static final List<String> SCHXSLT = List.of(
            SCHXSLT_PIPELINE,
            "xslt/2.0/pipeline.xsl",
            "xslt/2.0/svrl.xsl",
            "xslt/2.0/include.xsl",
            "xslt/2.0/expand.xsl",
            "xslt/2.0/version.xsl",
            "xslt/2.0/compile/compile-2.0.xsl",
            "xslt/2.0/compile/api-2.0.xsl",
            "xslt/2.0/compile/functions.xsl",
            "xslt/2.0/compile/templates.xsl");

    private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
    private static final QName LISTES = new QName("listes");
    private static final QName AUJOURDHUI = new QName("aujourdhui");
    private static final QName LOCATION = new QName("location");
    private static final QName ID = new QName("id");
    private static final QName ROLE = new QName("role");
    private static final QName DIAGNOSTIC = new QName("diagnostic");

    private static final Comparator<Problem> DOCUMENT_ORDER = Comparator
            .comparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::ruleId);

    private final XsltRuntime runtime;
    private final BundledFiles rules;
    private final XsltExecutable validation;

    /**
     * Compiles the bundled Schematron.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if it, or SchXslt, is missing or does not compile
     */
    public BusinessRules(XsltRuntime runtime) {
        this.runtime = runtime;
        this.rules = BundledFiles.load(VERSION, List.of(SCHEMATRON));
        this.validation = compile(runtime, rules);
    }

    /** Returns the rule files, as compiled. */
    public BundledFiles files() {
        return rules;
    }

    /** Returns the identifier of the rule set, {@code 1.0.0;sha256=…}, for the journal. */
    public String version() {
        return rules.identifier();
    }

    /**
     * Returns every business-rule violation of {@code aoDocument} when checked on {@code today}, in
     * document order; an empty list means the batch satisfies the rules.
     *
     * @throws GatewayException {@link ErrorCode#CONTRAT_INVALIDE} if it is not XML
     */
    public List<Problem> check(byte[] aoDocument, LocalDate today) {
        return check(runtime.parse(aoDocument, true), today);
    }

    /**
     * Returns every business-rule violation of an already parsed batch (built by {@link XsltRuntime#parse}
     * with line numbers), in document order.
     */
    public List<Problem> check(XdmNode aoDocument, LocalDate today) {
        Xslt30Transformer transformer = runtime.transformer(validation);
        XdmDestination report = new XdmDestination();
        try {
            transformer.setStylesheetParameters(Map.of(
                    LISTES, runtime.codeLists().asParameter(),
                    AUJOURDHUI, new XdmAtomicValue(today)));
            transformer.applyTemplates(aoDocument, report);
        } catch (SaxonApiException e) {
            // The rules are written for schema-valid documents; failing on one is a defect of ours.
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, SCHEMATRON);
        }
        return violations(report.getXdmNode(), aoDocument);
    }

    private List<Problem> violations(XdmNode svrl, XdmNode document) {
        XPathCompiler locations = runtime.processor().newXPathCompiler();
        List<Problem> violations = new ArrayList<>();
        for (XdmNode output : svrl.children(SVRL, "schematron-output")) {
            for (XdmNode result : output.children(node -> isResult(node))) {
                NodeLocation location = NodeLocation.of(node(locations, result.getAttributeValue(LOCATION), document));
                violations.add(new Problem(Problem.Step.REGLE,
                        result.getAttributeValue(ID),
                        "AVERTISSEMENT".equals(result.getAttributeValue(ROLE)) ? Severity.AVERTISSEMENT : Severity.ERREUR,
                        location.xpath(), location.line(), location.column(), location.item(),
                        text(result),
                        englishText(result)));
            }
        }
        violations.sort(DOCUMENT_ORDER);
        return violations;
    }

    private static boolean isResult(XdmNode node) {
        return node.getNodeName() != null && SVRL.equals(node.getNodeName().getNamespace())
                && ("failed-assert".equals(node.getNodeName().getLocalName())
                        || "successful-report".equals(node.getNodeName().getLocalName()));
    }

    /** The node an SVRL location designates: SchXslt writes it with fn:path(), itself an XPath expression. */
    private static XdmNode node(XPathCompiler compiler, String location, XdmNode document) {
        try {
            XdmItem node = compiler.evaluateSingle(location, document);
            if (node instanceof XdmNode found) {
                return found;
            }
            throw new SaxonApiException("location designates no node: " + location);
        } catch (SaxonApiException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, SCHEMATRON);
        }
    }

    private static String text(XdmNode result) {
        for (XdmNode text : result.children(SVRL, "text")) {
            return normalise(text.getStringValue());
        }
        return "";
    }

    private static String englishText(XdmNode result) {
        for (XdmNode reference : result.children(SVRL, "diagnostic-reference")) {
            if (reference.getAttributeValue(DIAGNOSTIC).endsWith("-en")) {
                return text(reference);
            }
        }
        return text(result);
    }

    private static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** Runs SchXslt's pipeline over the Schematron and compiles the validation stylesheet it writes. */
    private static XsltExecutable compile(XsltRuntime runtime, BundledFiles rules) {
        BundledFiles schxslt = BundledFiles.load("SchXslt 1.10.1", SCHXSLT);
        Xslt30Transformer pipeline = runtime.transformer(runtime.compile(schxslt, SCHXSLT_PIPELINE));
        XdmDestination compiled = new XdmDestination();
        try {
            pipeline.setStylesheetParameters(Map.of(
                    // No SVRL fired-rule or active-pattern elements: only results are read.
                    new QName("schxslt.svrl.compact"), new XdmAtomicValue(true),
                    // No compile-time metadata, which would stamp the clock into the stylesheet.
                    new QName("schxslt.compile.metadata"), new XdmAtomicValue(false)));
            pipeline.transform(rules.source(SCHEMATRON), compiled);
        } catch (SaxonApiException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, SCHEMATRON);
        }
        return runtime.compile(compiled.getXdmNode().asSource(), rules.resolver(), SCHEMATRON);
    }
}
