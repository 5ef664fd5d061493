package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.tools.common.ToolConstants;
import org.apache.cxf.tools.common.ToolContext;
import org.apache.cxf.tools.common.ToolException;
import org.apache.cxf.tools.validator.internal.WSDL11Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.xml.SecureXml;

/**
 * Both WSDLs pass CXF's WSDL validator (WSDL schema, references, WS-I Basic Profile checks) and
 * state their whole security policy, so an integrator can read every requirement from the WSDL alone.
 */
class WsdlContractTest {

    private static final String SP = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702";
    private static final String WSP = "http://www.w3.org/ns/ws-policy";
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";

    private static Bus bus;

    @BeforeAll
    static void createBus() {
        bus = BusFactory.newInstance().createBus();
    }

    @AfterAll
    static void shutdownBus() {
        bus.shutdown(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wsdl/suivi-projets-v1.wsdl", "wsdl/pmo-depot-v1.wsdl"})
    void wsdlPassesCxfValidator(String wsdl) {
        assertTrue(validate(Path.of(wsdl)));
    }

    @Test
    void validatorRejectsAWsdlWhoseBindingNamesAnUnknownPortType(@TempDir Path folder) throws Exception {
        Path broken = folder.resolve("wsdl/broken.wsdl");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Files.readString(Path.of("wsdl/pmo-depot-v1.wsdl"), StandardCharsets.UTF_8)
                .replace("type=\"tns:Depot\"", "type=\"tns:Inexistant\""), StandardCharsets.UTF_8);
        copyTree(Path.of("xsd"), folder.resolve("xsd"));

        assertThrows(ToolException.class, () -> validate(broken));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wsdl/suivi-projets-v1.wsdl", "wsdl/pmo-depot-v1.wsdl"})
    void policyRequiresSignedBodyAndTimestampWithX509AndSha256(String wsdl) throws Exception {
        Document document = SecureXml.documentBuilderFactory().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(Path.of(wsdl))));

        for (String assertion : List.of("AsymmetricBinding", "InitiatorToken", "RecipientToken", "X509Token",
                "WssX509V3Token10", "IncludeTimestamp", "Strict", "OnlySignEntireHeadersAndBody", "Basic256Sha256",
                "RequireSignatureConfirmation", "SignedParts")) {
            assertTrue(document.getElementsByTagNameNS(SP, assertion).getLength() > 0, assertion);
        }
        // Exclusive C14N is the suite's default; asking for inclusive would weaken it.
        assertEquals(0, document.getElementsByTagNameNS(SP, "InclusiveC14N").getLength());
        Element signedParts = (Element) document.getElementsByTagNameNS(SP, "SignedParts").item(0);
        assertEquals(1, signedParts.getElementsByTagNameNS(SP, "Body").getLength());
        assertFalse(document.getElementsByTagNameNS(SP, "EncryptedParts").getLength() > 0,
                "confidentiality is TLS's job");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wsdl/suivi-projets-v1.wsdl", "wsdl/pmo-depot-v1.wsdl"})
    void everyBindingAndEveryMessageAndFaultOfEveryOperationCarriesThePolicy(String wsdl) throws Exception {
        Document document = SecureXml.documentBuilderFactory().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(Path.of(wsdl))));
        var bindings = document.getElementsByTagNameNS(WSDL, "binding");
        for (int i = 0; i < bindings.getLength(); i++) {
            Element binding = (Element) bindings.item(i);
            int operations = binding.getElementsByTagNameNS(WSDL, "operation").getLength();
            int references = binding.getElementsByTagNameNS(WSP, "PolicyReference").getLength();
            // One for the binding, one for each input, each output and each fault.
            assertEquals(1 + 3 * operations, references, binding.getAttribute("name"));
        }
    }

    private static boolean validate(Path wsdl) {
        ToolContext context = new ToolContext();
        context.put(ToolConstants.CFG_WSDLURL, wsdl.toAbsolutePath().toUri().toString());
        return new WSDL11Validator(null, context, bus).isValid();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
