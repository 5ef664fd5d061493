package ma.pmogateway.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Node;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.ComparisonResult;
import org.xmlunit.diff.Diff;

import ma.pmogateway.error.Problem;


/**
 * Golden files: every valid AO document, the published samples and this package's edge cases, is
 * translated into exactly the expected PMO document ({@code src/test/resources/transform/attendu/}),
 * compared as XML (similar, whitespace and comments ignored).
 *
 * <p>The expected documents were produced by the gateway and then read field by field against
 * {@code docs/MAPPING.md}. The two version attributes of the header change with every edit of a
 * stylesheet or code list; the golden files hold the placeholder {@value #ANY} there and
 * {@link DeterminismTest} checks their real values. Run with {@code -Dpmo.golden.ecrire=true} to
 * (re)write missing or changed expected documents, then review the diff.
 */
class GoldenTransformationTest {

    static final String ANY = "${ignore}";
    private static final Path EXPECTED = Fixtures.TRANSFORM.resolve("attendu");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    private static final boolean WRITE = Boolean.getBoolean("pmo.golden.ecrire");

    static Stream<Path> validDocuments() {
        return Stream.of(
                Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("fiches")),
                Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("situations")),
                Fixtures.xmlFiles(Fixtures.TRANSFORM.resolve("ao"))).flatMap(List::stream);
    }

    @ParameterizedTest
    @MethodSource("validDocuments")
    void translatesIntoTheExpectedPmoDocument(Path aoDocument) throws IOException {
        byte[] pmo = Fixtures.TRANSFORMER.toPmo(Fixtures.read(aoDocument), Fixtures.CONTEXT);
        Path expected = expectedFor(aoDocument);
        if (WRITE) {
            Files.createDirectories(expected.getParent());
            Files.write(expected, withPlaceholders(pmo));
        }
        assertTrue(Files.exists(expected), "no expected document " + expected + " (run with -Dpmo.golden.ecrire=true)");
        Diff diff = DiffBuilder.compare(Files.readAllBytes(expected)).withTest(pmo)
                .ignoreWhitespace().ignoreComments()
                .withDifferenceEvaluator((comparison, outcome) -> placeholder(comparison.getControlDetails().getTarget())
                        ? ComparisonResult.EQUAL : outcome)
                .checkForSimilar()
                .build();
        assertFalse(diff.hasDifferences(), aoDocument + " → " + expected + ":\n" + diff);
    }

    @ParameterizedTest
    @MethodSource("validDocuments")
    void goldenInputPassesEveryCheck(Path aoDocument) {
        List<Problem> problems = Fixtures.ENVOI_VALIDATOR.validate(Fixtures.read(aoDocument), TODAY).problems();
        assertEquals(List.of(), problems, aoDocument.toString());
    }

    @Test
    void edgeCasesOfTheIssueHaveTheirOwnDocuments() {
        for (String edgeCase : List.of("fiche-multi-communes", "fiche-mod-plusieurs-mandants", "situations-sans-avancement",
                "fiche-etude-cout-nul", "fiche-mise-a-jour-arabe", "fiche-montants-tres-eleves",
                "situations-montants-et-realisations", "fiches-en-retard", "situations-en-retard", "fiche-arrondi-demi")) {
            assertTrue(Files.exists(Fixtures.TRANSFORM.resolve("ao/" + edgeCase + ".xml")), edgeCase);
            assertTrue(Files.exists(EXPECTED.resolve(edgeCase + ".xml")), edgeCase);
        }
    }

    private static boolean placeholder(Node control) {
        return control instanceof Attr attribute && ANY.equals(attribute.getValue());
    }

    /** samples/ao/fiches/x.xml → attendu/samples/fiches/x.xml; transform/ao/x.xml → attendu/x.xml. */
    private static Path expectedFor(Path aoDocument) {
        if (aoDocument.startsWith(Fixtures.SAMPLES)) {
            return EXPECTED.resolve("samples").resolve(Fixtures.SAMPLES.relativize(aoDocument));
        }
        return EXPECTED.resolve(aoDocument.getFileName());
    }

    private static byte[] withPlaceholders(byte[] pmo) {
        String text = new String(pmo, StandardCharsets.UTF_8)
                .replaceAll("version-transformation=\"[^\"]*\"", Matcher.quoteReplacement("version-transformation=\"" + ANY + "\""))
                .replaceAll("version-listes=\"[^\"]*\"", Matcher.quoteReplacement("version-listes=\"" + ANY + "\""));
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
