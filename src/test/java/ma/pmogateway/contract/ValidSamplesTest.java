package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every published valid Al Omrane sample validates against the Al Omrane schema. */
class ValidSamplesTest {

    private static final ContractValidator VALIDATOR = new ContractValidator(new ContractSchemas());

    static Stream<Path> validSamples() {
        return Stream.concat(Samples.xmlFiles(Samples.FICHES).stream(), Samples.xmlFiles(Samples.SITUATIONS).stream());
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void sampleConformsToTheAlOmraneSchema(Path sample) {
        List<SchemaViolation> violations = VALIDATOR.validate(Contract.AO_FORMAT, Samples.read(sample));
        assertEquals(List.of(), violations, sample.toString());
    }

    @Test
    void atLeastTenProjectRecordBatchesAndTenProgressReportBatchesArePublished() {
        assertTrue(Samples.xmlFiles(Samples.FICHES).size() >= 10, "fiches projet");
        assertTrue(Samples.xmlFiles(Samples.SITUATIONS).size() >= 10, "situations d'avancement");
    }
}
