package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.xml.transform.sax.SAXSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.xml.SecureXml;

/**
 * The Java types generated from the contracts read every valid sample and write it back unchanged,
 * so code built on them sees exactly what the sender sent.
 */
class GeneratedTypesTest {

    static Stream<Path> validSamples() {
        return ValidSamplesTest.validSamples();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void generatedTypesRoundTripTheSample(Path sample) throws Exception {
        JAXBContext context = JAXBContext.newInstance(EnvoiFichesProjets.class.getPackageName());
        SAXSource source = SecureXml.source(Samples.read(sample));
        Object document = context.createUnmarshaller().unmarshal(source);

        StringWriter written = new StringWriter();
        Marshaller marshaller = context.createMarshaller();
        marshaller.marshal(document, written);

        Diff diff = DiffBuilder.compare(Samples.read(sample)).withTest(written.toString())
                .ignoreWhitespace().ignoreComments().checkForSimilar().build();
        assertFalse(diff.hasDifferences(), diff.toString());
    }
}
