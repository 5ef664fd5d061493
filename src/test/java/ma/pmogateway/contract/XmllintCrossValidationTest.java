package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schemas are portable XSD 1.0: an independent validator, libxml2's {@code xmllint --schema},
 * compiles them and reaches the same verdict as the gateway on every valid and invalid sample.
 *
 * <p>Needs {@code xmllint} (Debian package libxml2-utils, installed by {@code scripts/test}); without
 * it the test fails with that instruction rather than being skipped.
 */
class XmllintCrossValidationTest {

    private static final ContractValidator VALIDATOR = new ContractValidator(new ContractSchemas());

    @BeforeAll
    static void requireXmllint() throws Exception {
        try {
            run(List.of("xmllint", "--version"));
        } catch (IOException e) {
            throw new AssertionError("xmllint is missing: install Debian package libxml2-utils (scripts/test does)", e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xsd/ao/suivi-projets-service-v1.xsd", "xsd/pmo/pmo-depot-service-v1.xsd",
        "xsd/common/listes-codes-v1.xsd"})
    void xmllintCompilesTheSchema(String schema) throws Exception {
        // Any instance will do: --schema compiles the schema before looking at it.
        Result result = run(List.of("xmllint", "--noout", "--nonet", "--schema", schema, "xsd/codes/ao-statuts.xml"));
        assertFalse(result.output.contains("Schemas parser error"), result.output);
        assertFalse(result.output.contains("failed to compile"), result.output);
    }

    static Stream<Path> validSamples() {
        return ValidSamplesTest.validSamples();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void xmllintAcceptsValidSample(Path sample) throws Exception {
        Result result = run(List.of("xmllint", "--noout", "--nonet", "--schema", "xsd/ao/suivi-projets-v1.xsd",
                sample.toString()));
        assertEquals(0, result.exitCode, result.output);
    }

    static Stream<Path> invalidSamples() {
        return Samples.xmlFiles(Samples.INVALID).stream();
    }

    @ParameterizedTest
    @MethodSource("invalidSamples")
    void xmllintRejectsInvalidSample(Path sample) throws Exception {
        Result result = run(List.of("xmllint", "--noout", "--nonet", "--schema", "xsd/ao/suivi-projets-v1.xsd",
                sample.toString()));
        assertNotEquals(0, result.exitCode, result.output);
    }

    static Stream<Path> lengthCases() {
        return Samples.xmlFiles(Path.of("src/test/resources/contract/longueurs")).stream();
    }

    /**
     * Lengths are counted in characters by both, as XSD says, not in UTF-16 units: 255 characters of
     * which 200 are emoji pass, 256 do not, 4,000 characters outside the Basic Multilingual Plane pass.
     */
    @ParameterizedTest
    @MethodSource("lengthCases")
    void theGatewayAndXmllintAgreeOnLengthsOutsideTheBasicPlane(Path document) throws Exception {
        Result result = run(List.of("xmllint", "--noout", "--nonet", "--schema", "xsd/ao/suivi-projets-v1.xsd",
                document.toString()));
        List<SchemaViolation> violations = VALIDATOR.validate(Contract.AO_FORMAT, Samples.read(document));

        assertEquals(result.exitCode == 0, violations.isEmpty(), result.output + violations);
        assertEquals(document.getFileName().toString().contains("256"), !violations.isEmpty(), violations.toString());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("xmllint did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
