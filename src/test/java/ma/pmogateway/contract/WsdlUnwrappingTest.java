package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.cxf.tools.common.ToolContext;
import org.apache.cxf.tools.wsdlto.WSDLToJava;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CXF's {@code wsdl2java}, run as an integrator would (default options, no {@code -allowElementReferences}),
 * generates a document/literal <em>wrapped</em> Java interface for every operation of the published
 * gateway WSDL (contract v1.1), while the frozen v1.0 WSDL still gives the bare methods the integrators
 * reported ("cannot be unwrapped": wrappers made of element references).
 */
class WsdlUnwrappingTest {

    private static final Map<String, String> EVERY_OPERATION_WRAPPED = new TreeMap<>(Map.of(
            "soumettreProjets", "wrapped", "soumettreSituations", "wrapped", "validerEnvoi", "wrapped",
            "consulterEchange", "wrapped", "recupererRetours", "wrapped", "transfererProjet", "wrapped"));

    @Test
    void publishedWsdlGivesAWrappedMethodForEveryOperation(@TempDir Path output) throws Exception {
        assertEquals(EVERY_OPERATION_WRAPPED, styles(Path.of("wsdl/suivi-projets-v1.wsdl"), output));
    }

    @Test
    void frozenV1WsdlGaveBareMethodsForTheThreeWrappersMadeOfReferences(@TempDir Path output) throws Exception {
        Map<String, String> v1 = new TreeMap<>(EVERY_OPERATION_WRAPPED);
        v1.put("soumettreProjets", "bare");
        v1.put("soumettreSituations", "bare");
        v1.put("recupererRetours", "bare");

        assertEquals(v1, styles(Path.of("src/test/resources/contrats-v1/wsdl/suivi-projets-v1.wsdl"), output));
    }

    /** Runs wsdl2java on {@code wsdl} and returns, per method of the generated SEI, "wrapped" or "bare". */
    private static Map<String, String> styles(Path wsdl, Path output) throws Exception {
        new WSDLToJava(new String[] {"-d", output.toString(), "-p", "ma.integrateur",
                wsdl.toAbsolutePath().toString()}).run(new ToolContext());
        String sei = Files.readString(output.resolve("ma/integrateur/SuiviProjets.java"), StandardCharsets.UTF_8);
        Map<String, String> styles = new TreeMap<>();
        // Each operation is one @WebMethod block: its annotations, up to the method's name.
        Matcher method = Pattern.compile("@WebMethod(.*?)public [\\w.<>]+ (\\w+)\\(", Pattern.DOTALL).matcher(sei);
        while (method.find()) {
            String annotations = method.group(1);
            boolean wrapped = annotations.contains("@RequestWrapper") && annotations.contains("@ResponseWrapper")
                    && !annotations.contains("ParameterStyle.BARE");
            styles.put(method.group(2), wrapped ? "wrapped" : "bare");
        }
        return styles;
    }
}
