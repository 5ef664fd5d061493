package ma.pmogateway.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltExecutable;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.Namespaces;

/**
 * Identifiers and amounts survive the round trip AO → PMO → PMO acknowledgement → AO feedback.
 *
 * <p>Amounts go one way only (the AO feedback has none): every AO amount reaches the PMO document
 * with the same value. Identifiers come back: the project code, the batch's exchange, the PMO
 * reference, and a situation's as-of date. The PMO is played by {@code transform/accuse-simule.xsl}.
 */
class RoundTripTest {

    private static final String PMO_ACKNOWLEDGEMENT = "transform/accuse-simule.xsl";
    private static final XsltExecutable PMO = Fixtures.RUNTIME.compile(
            BundledFiles.load("test", List.of(PMO_ACKNOWLEDGEMENT)), PMO_ACKNOWLEDGEMENT);

    static Stream<Path> aoDocuments() {
        return Stream.concat(Fixtures.xmlFiles(Fixtures.TRANSFORM.resolve("ao")).stream(),
                Stream.concat(Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("fiches")).stream(),
                        Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("situations")).stream()));
    }

    @ParameterizedTest
    @MethodSource("aoDocuments")
    void amountsReachThePmoWithTheirValueInOneCanonicalSpelling(Path aoDocument) throws SaxonApiException {
        XdmNode ao = Fixtures.RUNTIME.parse(Fixtures.read(aoDocument), false);
        XdmNode pmo = Fixtures.RUNTIME.parse(Fixtures.TRANSFORMER.toPmo(Fixtures.read(aoDocument), Fixtures.CONTEXT), false);
        assertEquals(values(ao, "//ao:FicheProjet/ao:CoutGlobal | //ao:Rappel/ao:CoutGlobal"),
                canonicalValues(pmo, "//pmo:budget/@montant"));
        assertEquals(values(ao, "//ao:Contribution/ao:Montant"), canonicalValues(pmo, "//pmo:source-financement/@montant"));
        assertEquals(values(ao, "//ao:ExecutionFinanciere/*"), canonicalValues(pmo, "//pmo:transaction/@montant-cumule"));
        assertEquals(values(ao, "//ao:FicheProjet/ao:AvancementPhysique | //ao:SituationAvancement/ao:AvancementPhysique"),
                canonicalValues(pmo, "//pmo:avancement-physique/@taux"));
    }

    @ParameterizedTest
    @MethodSource("aoDocuments")
    void identifiersComeBackInTheAlOmraneFeedback(Path aoDocument) throws SaxonApiException {
        UUID exchange = Fixtures.CONTEXT.exchangeId();
        XdmNode ao = Fixtures.RUNTIME.parse(Fixtures.read(aoDocument), false);
        byte[] acknowledgement = acknowledge(Fixtures.TRANSFORMER.toPmo(Fixtures.read(aoDocument), Fixtures.CONTEXT));
        assertEquals(List.of(), Fixtures.VALIDATOR.validate(Contract.PMO_FORMAT, acknowledgement), "the test double's own output");

        List<XdmNode> feedback = Fixtures.TRANSFORMER.feedbackToAo(acknowledgement, exchange).stream()
                .map(document -> Fixtures.RUNTIME.parse(document, false)).toList();

        List<XdmItem> items = evaluate(ao, "/*/(ao:FicheProjet | ao:SituationAvancement)");
        assertEquals(items.size(), feedback.size());
        for (int i = 0; i < items.size(); i++) {
            XdmNode item = (XdmNode) items.get(i);
            XdmNode retour = feedback.get(i);
            boolean situation = "SituationAvancement".equals(item.getNodeName().getLocalName());
            assertEquals(exchange.toString(), value(retour, "/ao:RetourPMO/ao:IdentifiantEchange"));
            assertEquals(value(item, "ao:CodeProjet"), value(retour, "/ao:RetourPMO/ao:CodeProjet"));
            assertEquals(situation ? "SITUATION" : "FICHE_PROJET", value(retour, "/ao:RetourPMO/ao:Nature"));
            assertEquals(value(item, "ao:DateArrete"), value(retour, "/ao:RetourPMO/ao:DateArrete"));
            assertEquals("ACCEPTE", value(retour, "/ao:RetourPMO/ao:Decision"));
            String reference = value(item, "ao:ReferencePMO");
            assertEquals(reference.isEmpty() ? String.format("PMO-2026-%06d", i + 1) : reference,
                    value(retour, "/ao:RetourPMO/ao:ReferencePMO"));
            assertEquals("Élément enregistré.", value(retour, "/ao:RetourPMO/ao:Observation/ao:Texte"));
        }
    }

    private static byte[] acknowledge(byte[] deposit) throws SaxonApiException {
        Xslt30Transformer pmo = Fixtures.RUNTIME.transformer(PMO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pmo.applyTemplates(Fixtures.RUNTIME.parse(deposit, false), pmo.newSerializer(out));
        return out.toByteArray();
    }

    /** The decimal values at {@code path}, in document order: compared by value and by spelling. */
    /** The decimal values at {@code path}, whatever their lexical form ("+25000000", "25000000.", "-0.00"). */
    private static List<BigDecimal> values(XdmNode document, String path) throws SaxonApiException {
        return evaluate(document, path).stream()
                .map(item -> new BigDecimal(item.getStringValue().strip()).stripTrailingZeros()).toList();
    }

    /** The values at {@code path}, each of which must be spelt with exactly two decimals and no sign. */
    private static List<BigDecimal> canonicalValues(XdmNode document, String path) throws SaxonApiException {
        return evaluate(document, path).stream().map(XdmItem::getStringValue)
                .peek(text -> assertTrue(text.matches("(0|[1-9][0-9]*)\\.[0-9]{2}"), "not canonical: " + text))
                .map(text -> new BigDecimal(text).stripTrailingZeros()).toList();
    }

    private static String value(XdmNode context, String path) throws SaxonApiException {
        return evaluate(context, "string(" + path + ")").get(0).getStringValue();
    }

    private static List<XdmItem> evaluate(XdmNode context, String path) throws SaxonApiException {
        XPathCompiler xpath = Fixtures.RUNTIME.processor().newXPathCompiler();
        xpath.declareNamespace("ao", Namespaces.AO);
        xpath.declareNamespace("pmo", Namespaces.PMO);
        return xpath.evaluate(path, context).stream().map(XdmItem.class::cast).toList();
    }
}
