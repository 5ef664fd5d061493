package ma.pmogateway.transform;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmValue;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltExecutable;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.contract.SchemaViolation;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * Translates Al Omrane batches into PMO deposits and PMO acknowledgements back into Al Omrane
 * feedback, with the bundled XSLT 3.0 stylesheets ({@code src/main/resources/xslt/}), and lets out
 * only documents the receiving side's schema accepts.
 *
 * <p>The stylesheets are compiled once, here; each call runs its own transformer, so one instance
 * serves every thread. A translation is a pure function of the input document, the
 * {@link TransformContext}, the stylesheet set ({@link #version()}) and the code-list set
 * ({@link #codeListsVersion()}): both identifiers are written into every PMO header, and the journal
 * records them. Field-by-field mapping: {@code docs/MAPPING.md}.
 */
public final class Transformer {

    /** Version of the stylesheet set; its SHA-256 is computed from the bundled files. */
    public static final String VERSION = "1.0.0";

    /** The stylesheet files, in the (file-name) order that defines their digest. */
    static final List<String> STYLESHEETS = List.of(
            "xslt/ao-vers-pmo-commun.xsl",
            "xslt/ao-vers-pmo-fiches.xsl",
            "xslt/ao-vers-pmo-situations.xsl",
            "xslt/ao-vers-pmo.xsl",
            "xslt/pmo-vers-ao-retours.xsl");

    private static final Logger LOG = LoggerFactory.getLogger(Transformer.class);

    private static final QName LISTES = new QName("listes");
    private static final QName ECHANGE = new QName("echange");
    private static final QName EMIS_LE = new QName("emis-le");
    private static final QName VERSION_TRANSFORMATION = new QName("version-transformation");
    private static final QName VERSION_LISTES = new QName("version-listes");

    private final XsltRuntime runtime;
    private final ContractValidator validator;
    private final BundledFiles stylesheets;
    private final XsltExecutable aoToPmo;
    private final XsltExecutable pmoToAo;

    /**
     * Compiles the bundled stylesheets.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if one is missing or does not compile
     */
    public Transformer(XsltRuntime runtime, ContractValidator validator) {
        this(runtime, validator, BundledFiles.load(VERSION, STYLESHEETS));
    }

    /**
     * Compiles the stylesheet set {@code stylesheets} with {@code runtime}'s code lists.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if an entry stylesheet is missing or does not compile
     */
    private Transformer(XsltRuntime runtime, ContractValidator validator, BundledFiles stylesheets) {
        this.runtime = runtime;
        this.validator = validator;
        this.stylesheets = stylesheets;
        this.aoToPmo = runtime.compile(stylesheets, "xslt/ao-vers-pmo.xsl");
        this.pmoToAo = runtime.compile(stylesheets, "xslt/pmo-vers-ao-retours.xsl");
    }

    /** Returns the stylesheet files, as compiled. */
    public BundledFiles stylesheets() {
        return stylesheets;
    }

    /**
     * Returns a transformer of the sets {@code stylesheetFiles} and {@code codeListFiles} (archived sets,
     * for an audit that re-runs an earlier version), checking its output with this one's schemas.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if a stylesheet or code list does not compile
     */
    public Transformer with(BundledFiles stylesheetFiles, BundledFiles codeListFiles) {
        return new Transformer(XsltRuntime.create(codeListFiles), validator, stylesheetFiles);
    }

    /**
     * Returns the PMO deposit for an AO batch as the stylesheets write it, with its PMO-schema
     * violations (not judged): what an audit compares with a stored document, whatever the schema has
     * become since.
     *
     * @throws GatewayException {@link ErrorCode#TRANSFORMATION_INVALIDE} if the stylesheet stops;
     *                          {@link ErrorCode#CONTRAT_INVALIDE} if {@code aoDocument} is not XML
     */
    public Translation translate(byte[] aoDocument, TransformContext context) {
        return translate(runtime.parse(aoDocument, false), context);
    }

    /** Returns the identifier of the stylesheet set, {@code 1.0.0;sha256=…} (PMO {@code version-transformation}). */
    public String version() {
        return stylesheets.identifier();
    }

    /** Returns the hex SHA-256 of the stylesheet files concatenated in file-name order. */
    public String sha256() {
        return stylesheets.sha256();
    }

    /** Returns the identifier of the code-list set (PMO {@code version-listes}). */
    public String codeListsVersion() {
        return runtime.codeLists().identifier();
    }

    /**
     * Returns the PMO deposit for an AO batch, valid against the PMO schema.
     *
     * <p>{@code aoDocument} must already satisfy the AO schema and the business rules; the result is
     * checked against {@link Contract#PMO_FORMAT} before it is returned.
     *
     * @throws GatewayException {@link ErrorCode#TRANSFORMATION_INVALIDE} if the result is not a valid PMO
     *                          document (a defect of the gateway, logged with the exchange id);
     *                          {@link ErrorCode#CONTRAT_INVALIDE} if {@code aoDocument} is not XML
     */
    public byte[] toPmo(byte[] aoDocument, TransformContext context) {
        Translation translation = translate(runtime.parse(aoDocument, false), context);
        if (!translation.valid()) {
            throw invalidOutput(context.exchangeId(), "AO -> PMO", translation.violations());
        }
        return translation.document();
    }

    /**
     * Returns the PMO deposit for an already parsed AO batch together with its PMO-schema violations,
     * without judging them: for dry runs, which report the violations instead of failing.
     *
     * @throws GatewayException {@link ErrorCode#TRANSFORMATION_INVALIDE} if the stylesheet stops (for
     *                          example on a code the code lists cannot map)
     */
    public Translation translate(XdmNode aoDocument, TransformContext context) {
        byte[] document = transformUnchecked(aoDocument, context);
        return new Translation(document, validator.validate(Contract.PMO_FORMAT, document));
    }

    /**
     * Returns the PMO deposit exactly as the stylesheet writes it, not checked against the PMO schema:
     * only for measuring the stylesheet on its own ({@code docs/BENCHMARKS.md}). Never forward its result.
     *
     * @throws GatewayException {@link ErrorCode#TRANSFORMATION_INVALIDE} if the stylesheet stops
     */
    public byte[] transformUnchecked(XdmNode aoDocument, TransformContext context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        Xslt30Transformer transformer = runtime.transformer(aoToPmo);
        try {
            transformer.setStylesheetParameters(Map.of(
                    LISTES, runtime.codeLists().asParameter(),
                    ECHANGE, new XdmAtomicValue(context.exchangeId().toString()),
                    EMIS_LE, new XdmAtomicValue(context.emittedAt()),
                    VERSION_TRANSFORMATION, new XdmAtomicValue(version()),
                    VERSION_LISTES, new XdmAtomicValue(codeListsVersion())));
            transformer.applyTemplates(aoDocument, transformer.newSerializer(out));
        } catch (SaxonApiException e) {
            LOG.error("AO -> PMO transformation failed for exchange {}: {}", context.exchangeId(), e.getMessage());
            throw new GatewayException(ErrorCode.TRANSFORMATION_INVALIDE, e, context.exchangeId());
        }
        return out.toByteArray();
    }

    /**
     * Returns the AO feedback ({@code ao:RetourPMO} documents, one per result, in order) for a PMO
     * acknowledgement of a deposit made by exchange {@code exchangeId}; each is valid against the AO schema.
     *
     * <p>{@code pmoAcknowledgement} must already be valid against {@link Contract#PMO_FORMAT}.
     *
     * @throws GatewayException {@link ErrorCode#TRANSFORMATION_INVALIDE} if a result is not a valid AO
     *                          document (logged with the exchange id)
     */
    public List<byte[]> feedbackToAo(byte[] pmoAcknowledgement, UUID exchangeId) {
        Xslt30Transformer transformer = runtime.transformer(pmoToAo);
        List<byte[]> feedback = new ArrayList<>();
        try {
            transformer.setStylesheetParameters(Map.of(ECHANGE, new XdmAtomicValue(exchangeId.toString())));
            XdmValue results = transformer.applyTemplates(runtime.parse(pmoAcknowledgement, false));
            for (XdmItem result : results) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
                transformer.newSerializer(out).serializeNode((XdmNode) result);
                feedback.add(out.toByteArray());
            }
        } catch (SaxonApiException e) {
            LOG.error("PMO -> AO transformation failed for exchange {}: {}", exchangeId, e.getMessage());
            throw new GatewayException(ErrorCode.TRANSFORMATION_INVALIDE, e, exchangeId);
        }
        for (byte[] document : feedback) {
            List<SchemaViolation> violations = validator.validate(Contract.AO_FORMAT, document);
            if (!violations.isEmpty()) {
                throw invalidOutput(exchangeId, "PMO -> AO", violations);
            }
        }
        return feedback;
    }

    private static GatewayException invalidOutput(UUID exchangeId, String direction, List<SchemaViolation> violations) {
        SchemaViolation first = violations.get(0);
        LOG.error("{} transformation produced an invalid document for exchange {}: {} violation(s), first at {}: {}",
                direction, exchangeId, violations.size(), first.xpath(), first.messageEn());
        return new GatewayException(ErrorCode.TRANSFORMATION_INVALIDE, null, exchangeId);
    }
}
