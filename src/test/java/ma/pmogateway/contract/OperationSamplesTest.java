package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.xml.SecureXml;

/**
 * Every request, response and fault envelope in {@code samples/operations/} carries a Body that
 * conforms to its operation's schema, and every operation of both WSDLs has a sample request and response.
 */
class OperationSamplesTest {

    private static final ContractValidator VALIDATOR = new ContractValidator(new ContractSchemas());
    private static final Map<String, Contract> CONTRACT_BY_NAMESPACE = Map.of(
            Namespaces.AO_SERVICE, Contract.AO_SERVICE,
            Namespaces.PMO_SERVICE, Contract.PMO_SERVICE,
            Namespaces.COMMON, Contract.COMMON);
    private static final List<String> OPERATIONS = List.of("SoumettreProjets", "SoumettreSituations", "ValiderEnvoi",
            "ConsulterEchange", "RecupererRetours", "DeposerFiches", "DeposerSituations");

    static Stream<Path> envelopes() {
        return Samples.xmlFilesUnder(Samples.OPERATIONS).stream();
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void envelopeBodyConformsToItsOperationSchema(Path envelope) throws Exception {
        Element payload = payloadOf(envelope);
        Contract contract = CONTRACT_BY_NAMESPACE.get(payload.getNamespaceURI());
        assertNotNull(contract, "unexpected payload namespace " + payload.getNamespaceURI());

        assertEquals(List.of(), VALIDATOR.validate(contract, serialise(payload)), envelope.toString());
    }

    @Test
    void everyOperationHasASampleRequestAndResponse() {
        for (String operation : OPERATIONS) {
            Path folder = Samples.OPERATIONS.resolve(operation);
            assertTrue(Files.isRegularFile(folder.resolve("requete.xml")), operation + "/requete.xml");
            assertTrue(Files.isRegularFile(folder.resolve("reponse.xml")), operation + "/reponse.xml");
        }
    }

    /** The Body's element, or for a fault the element inside its Detail. */
    private static Element payloadOf(Path envelope) throws Exception {
        Document document = SecureXml.documentBuilderFactory().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Samples.read(envelope)));
        Element body = firstChildElement(document.getDocumentElement(), "Body");
        Element payload = firstChildElement(body, null);
        if ("Fault".equals(payload.getLocalName())) {
            return firstChildElement(firstChildElement(payload, "Detail"), null);
        }
        return payload;
    }

    private static Element firstChildElement(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && (localName == null || localName.equals(element.getLocalName()))) {
                return element;
            }
        }
        throw new AssertionError("no child " + localName + " in " + parent.getLocalName());
    }

    private static byte[] serialise(Element element) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecureXml.transformerFactory().newTransformer().transform(new DOMSource(element), new StreamResult(out));
        return out.toByteArray();
    }
}
