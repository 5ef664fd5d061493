package ma.pmogateway.transform;

import java.util.ArrayList;
import java.util.List;

import javax.xml.transform.Source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sf.saxon.lib.ResourceResolver;
import net.sf.saxon.om.TreeModel;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XdmNode;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * The gateway's one Saxon processor, with the code lists and the hardened ways in and out of it.
 *
 * <p>Everything XSLT in the gateway (the transformation, the Schematron business rules) runs on this
 * processor, so code-list nodes and compiled stylesheets share one name pool, and every document is
 * read the same way: through the hardened SAX parser into Saxon's tiny tree. Stylesheets are compiled
 * from {@link BundledFiles} only, and at run time no transformation can read any resource by URI
 * ({@link SecureXml#saxonProcessor()}). Create one at start-up and share it; it is thread-safe.
 */
public final class XsltRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(XsltRuntime.class);

    private final Processor processor;
    private final CodeLists codeLists;

    private XsltRuntime(Processor processor, BundledFiles codeListFiles) {
        this.processor = processor;
        this.codeLists = CodeLists.of(processor.newDocumentBuilder(), codeListFiles);
    }

    /**
     * Creates the processor and reads the bundled code lists.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if a code list is missing or unreadable
     */
    public static XsltRuntime create() {
        return create(CodeLists.bundled());
    }

    /**
     * Creates the processor with the code lists {@code codeListFiles} (an archived set, for an audit).
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if a code list is unreadable
     */
    public static XsltRuntime create(BundledFiles codeListFiles) {
        return new XsltRuntime(SecureXml.saxonProcessor(), codeListFiles);
    }

    /** Returns the code lists, read once. */
    public CodeLists codeLists() {
        return codeLists;
    }

    /** Returns the processor, for the XPath and serialisation needs of the transform and rules packages. */
    public Processor processor() {
        return processor;
    }

    /**
     * Reads {@code document} into a tiny tree, with line and column numbers when {@code lineNumbers}
     * (the business rules report them; the transformation does not need them).
     *
     * @throws GatewayException {@link ErrorCode#CONTRAT_INVALIDE} if it is not well-formed XML or has a DOCTYPE
     */
    public XdmNode parse(byte[] document, boolean lineNumbers) {
        DocumentBuilder builder = processor.newDocumentBuilder();
        builder.setTreeModel(TreeModel.TINY_TREE);
        builder.setLineNumbering(lineNumbers);
        try {
            return builder.build(SecureXml.source(document, "urn:ma:pmo-gateway:document"));
        } catch (SaxonApiException e) {
            throw new GatewayException(ErrorCode.CONTRAT_INVALIDE, e, 1);
        }
    }

    /**
     * Compiles the stylesheet {@code entry} of {@code stylesheets}, whose includes and imports may only
     * come from the same set.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if it does not compile (a defect of the build)
     */
    public XsltExecutable compile(BundledFiles stylesheets, String entry) {
        return compile(stylesheets.source(entry), stylesheets.resolver(), entry);
    }

    /**
     * Compiles {@code stylesheet}, called {@code name} in messages, whose includes and imports are
     * resolved by {@code resolver} only.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if it does not compile (a defect of the build)
     */
    public XsltExecutable compile(Source stylesheet, ResourceResolver resolver, String name) {
        XsltCompiler compiler = processor.newXsltCompiler();
        compiler.setResourceResolver(resolver);
        List<String> errors = new ArrayList<>();
        compiler.setErrorReporter(error -> {
            // Warnings are Saxon's remarks on generated code (e.g. SchXslt's empty loops): not actionable.
            if (!error.isWarning()) {
                errors.add(error.getMessage());
            }
        });
        try {
            return compiler.compile(stylesheet);
        } catch (SaxonApiException e) {
            // Saxon's exception only says that errors were reported: keep what they were.
            String reasons = errors.isEmpty() ? e.getMessage() : String.join("; ", errors);
            LOG.error("Stylesheet {} does not compile: {}", name, reasons);
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, new SaxonApiException(reasons, e), name);
        }
    }

    /**
     * Returns a new transformer of {@code executable}; like every transformer of this processor it can
     * read no resource by URI ({@link SecureXml#saxonProcessor()}).
     */
    public Xslt30Transformer transformer(XsltExecutable executable) {
        Xslt30Transformer transformer = executable.load30();
        transformer.setMessageHandler(message -> LOG.warn("xsl:message: {}", message.getStringValue()));
        return transformer;
    }
}
