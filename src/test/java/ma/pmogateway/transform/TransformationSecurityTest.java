package ma.pmogateway.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.sf.saxon.lib.ResourceRequest;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.trans.XPathException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * Stylesheets reach nothing outside the bundle: no file or network read at run time, no module
 * included from elsewhere, no Java extension function, and input documents with a DOCTYPE are refused.
 * Each attack stylesheet in {@code transform/securite/} says what it tries.
 */
class TransformationSecurityTest {

    private static final String FOLDER = "transform/securite/";

    @ParameterizedTest
    @ValueSource(strings = {"lit-document.xsl", "lit-unparsed-text.xsl", "lit-collection.xsl", "extension-java.xsl",
        "inclut-fichier.xsl", "inclut-hors-lot.xsl"})
    void stylesheetCannotReachOutsideItsBundle(String attack) {
        XsltExecutable executable;
        try {
            executable = Fixtures.RUNTIME.compile(BundledFiles.load("attaque", List.of(FOLDER + attack)), FOLDER + attack);
        } catch (GatewayException refusedAtCompileTime) {
            assertEquals(ErrorCode.ERREUR_INTERNE, refusedAtCompileTime.code());
            assertRefusal(refusedAtCompileTime.getCause().getMessage());
            return;
        }
        try {
            Fixtures.RUNTIME.transformer(executable).applyTemplates(
                    Fixtures.RUNTIME.parse(Fixtures.read(Fixtures.RULES.resolve("base-fiche.xml")), false), new XdmDestination());
            fail(attack + " ran to completion");
        } catch (SaxonApiException refusedAtRunTime) {
            assertRefusal(refusedAtRunTime.getMessage());
        }
    }

    private static void assertRefusal(String message) {
        assertTrue(message.contains("refused") || message.contains("disabled"), message);
    }

    @Test
    void bundleResolverRefusesUrisOutsideItsFiles() {
        ResourceRequest request = new ResourceRequest();
        request.uri = "classpath:/xslt/../../etc/passwd";
        BundledFiles stylesheets = BundledFiles.load("test", List.of("xslt/ao-vers-pmo.xsl"));
        assertThrows(XPathException.class, () -> stylesheets.resolver().resolve(request));
        request.uri = "file:///etc/passwd";
        assertThrows(XPathException.class, () -> stylesheets.resolver().resolve(request));
    }

    @Test
    void inputWithDoctypeIsRefusedBeforeAnyEntityIsRead() {
        GatewayException refused = assertThrows(GatewayException.class, () -> Fixtures.TRANSFORMER.toPmo(
                Fixtures.read(Fixtures.TRANSFORM.resolve("securite/doctype.xml")), Fixtures.CONTEXT));
        assertEquals(ErrorCode.CONTRAT_INVALIDE, refused.code());
    }
}
