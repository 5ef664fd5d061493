package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published invalid sample is rejected with exactly the error, location and line that
 * {@code samples/invalides/attendus.csv} promises integrators.
 */
class InvalidSamplesTest {

    private static final ContractValidator VALIDATOR = new ContractValidator(new ContractSchemas());

    /** One row of attendus.csv. */
    record Expected(String file, String key, String xpath, int line, String description) {
        @Override
        public String toString() {
            return file + " (" + description + ")";
        }
    }

    static Stream<Expected> expectations() throws IOException {
        List<String> lines = Files.readAllLines(Samples.INVALID.resolve("attendus.csv"), StandardCharsets.UTF_8);
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(InvalidSamplesTest::parse);
    }

    private static Expected parse(String csvLine) {
        // The description is the last column and may itself contain commas.
        String[] columns = csvLine.split(",", 5);
        return new Expected(columns[0], columns[1], columns[2], Integer.parseInt(columns[3]),
                columns[4].replaceAll("^\"|\"$", ""));
    }

    @ParameterizedTest
    @MethodSource("expectations")
    void invalidSampleIsRejectedWithItsExpectedErrorAndLocation(Expected expected) {
        List<SchemaViolation> violations = VALIDATOR.validate(Contract.AO_FORMAT,
                Samples.read(Samples.INVALID.resolve(expected.file())));

        assertFalse(violations.isEmpty(), "must be invalid");
        SchemaViolation first = violations.get(0);
        assertEquals(expected.key(), first.key(), first.messageEn());
        assertEquals(expected.xpath(), first.xpath(), first.messageEn());
        assertEquals(expected.line(), first.line(), first.messageEn());
        assertFalse(first.messageFr().isBlank());
        assertFalse(first.messageEn().isBlank());
    }

    /**
     * A project officer reads the messages: no validator wording (its error keys, "facet", "[children]",
     * qualified names in braces), no regular expression, no whole long value; French and English differ.
     */
    @ParameterizedTest
    @MethodSource("expectations")
    void invalidSampleIsExplainedInWordsInBothLanguages(Expected expected) {
        SchemaViolation first = VALIDATOR.validate(Contract.AO_FORMAT,
                Samples.read(Samples.INVALID.resolve(expected.file()))).get(0);

        for (String message : List.of(first.messageFr(), first.messageEn())) {
            for (String jargon : List.of("cvc-", "facet", "[children]", "{\"", "[A-Z]", "[0-9]", "\\-", "{2,8}")) {
                assertFalse(message.contains(jargon), jargon + " in: " + message);
            }
            assertTrue(message.length() < 400, message);
        }
        assertFalse(first.messageFr().equals(first.messageEn()), first.messageEn());
    }

    @Test
    void everyInvalidSampleHasItsExpectation() throws IOException {
        List<String> described = expectations().map(Expected::file).toList();
        List<String> files = Samples.xmlFiles(Samples.INVALID).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(files, described.stream().sorted().toList());
        assertTrue(files.size() >= 15, "at least 15 invalid samples");
    }
}
