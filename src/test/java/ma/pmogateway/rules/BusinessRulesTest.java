package ma.pmogateway.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;
import ma.pmogateway.transform.Fixtures;

/**
 * Every business rule has a document that breaks it and one that satisfies it
 * ({@code src/test/resources/rules/<rule>/}, listed with the expected location in {@code cas.csv}):
 * the first is reported with the rule's id, severity and the XPath and line of the offending node
 * (the lines in cas.csv were computed with another parser, Python's expat);
 * the second, often the boundary case, is reported with nothing at all.
 */
class BusinessRulesTest {

    /** "Today" of every check here, so that the as-of-date rule is deterministic. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    private static final Path SCHEMATRON = Path.of("src/main/resources/rules/regles-metier.sch");
    private static final Pattern RULE_ID = Pattern.compile("[A-Z]{1,8}(-[A-Z0-9]{1,12}){1,4}");

    /** One line of cas.csv: the rule, the document, the expected location (none: passes), XSD validity. */
    record Case(String ruleId, Path document, String xpath, int line, boolean schemaValid) {
        @Override
        public String toString() {
            return ruleId + " " + document.getFileName();
        }
    }

    static Stream<Case> cases() {
        try (Stream<String> lines = Files.lines(Fixtures.RULES.resolve("cas.csv"), StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split(";", -1))
                    .map(f -> new Case(f[0], Fixtures.RULES.resolve(f[1]), f[2], f[3].isEmpty() ? -1 : Integer.parseInt(f[3]),
                            "oui".equals(f[4])))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> failingCases() {
        return cases().filter(c -> !c.xpath().isEmpty()).map(Arguments::of);
    }

    static Stream<Arguments> passingCases() {
        return cases().filter(c -> c.xpath().isEmpty()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingCases")
    void reportsTheBrokenRuleAtTheOffendingNode(Case broken) {
        List<Problem> violations = Fixtures.RULES_ENGINE.check(Fixtures.read(broken.document()), TODAY);

        Problem violation = violations.stream()
                .filter(v -> v.ruleId().equals(broken.ruleId()) && v.xpath().equals(broken.xpath()))
                .findFirst().orElseThrow(() -> new AssertionError(broken + ": expected " + broken.ruleId()
                        + " at " + broken.xpath() + ", got " + violations));
        assertEquals(broken.line(), violation.line(), "line of " + broken.xpath());
        assertEquals(schematronSeverities().get(broken.ruleId()), violation.severity());
        assertFalse(violation.messageFr().isBlank());
        assertFalse(violation.messageEn().isBlank());
        assertNotEquals(violation.messageFr(), violation.messageEn());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passingCases")
    void reportsNothingForTheSatisfyingDocument(Case satisfied) {
        assertEquals(List.of(), Fixtures.RULES_ENGINE.check(Fixtures.read(satisfied.document()), TODAY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleDocumentIsValidAgainstTheSchemaUnlessMarkedOtherwise(Case any) {
        assertEquals(any.schemaValid(), Fixtures.VALIDATOR.validate(Contract.AO_FORMAT, Fixtures.read(any.document())).isEmpty(),
                any.document().toString());
    }

    @Test
    void everySchematronRuleHasAFailingAndAPassingDocument() {
        Set<String> rules = schematronRuleIds();
        Set<String> failing = new TreeSet<>();
        Set<String> passing = new TreeSet<>();
        cases().forEach(c -> (c.xpath().isEmpty() ? passing : failing).add(c.ruleId()));
        assertEquals(rules, failing);
        assertEquals(rules, passing);
        assertTrue(rules.size() >= 20, rules.toString());
    }

    @Test
    void ruleIdsHaveTheContractsShape() {
        schematronRuleIds().forEach(id -> assertTrue(RULE_ID.matcher(id).matches(), id));
        assertTrue(RULE_ID.matcher(ProgressNeverDecreases.RULE_ID).matches());
    }

    @Test
    void theRulesOfTheIssueAndOfTheSchemaDocumentationExist() {
        assertTrue(schematronRuleIds().containsAll(List.of("R-FIN-001", "R-FIN-002", "R-MOD-001", "R-TER-001", "R-TER-002")));
    }

    @Test
    void messagesCarryTheValuesFoundInBothLanguages() {
        Problem violation = Fixtures.RULES_ENGINE.check(Fixtures.read(Fixtures.RULES.resolve("R-FIN-001/echec.xml")), TODAY).get(0);
        assertEquals("La somme des contributions (99999998.99 MAD) diffère du coût global (100000000.00 MAD) de 1.01 MAD :"
                + " elle doit l'égaler exactement, au centime près.", violation.messageFr());
        assertEquals("The partner contributions add up to 99999998.99 MAD, 1.01 MAD away from the global cost"
                + " (100000000.00 MAD): they must equal it exactly, to the centime.", violation.messageEn());
    }

    @Test
    void financingRuleIsExactOnBothSidesOfTheCentime() {
        String base = new String(Fixtures.read(Fixtures.RULES.resolve("base-fiche.xml")), StandardCharsets.UTF_8);
        List<String> short1 = ids(base.replace("<ao:Montant>40000000.00<", "<ao:Montant>39999999.99<"));
        List<String> over1 = ids(base.replace("<ao:Montant>40000000.00<", "<ao:Montant>40000000.01<"));
        List<String> exact = ids(base.replace("<ao:Montant>40000000.00<", "<ao:Montant>40000000.0<"));

        assertEquals(List.of("R-FIN-001"), short1);
        assertEquals(List.of("R-FIN-001"), over1);
        assertEquals(List.of(), exact);
    }

    @Test
    void theWarningsOfTheRuleSetAreTheImplausibleCases() {
        assertEquals(Set.of("R-MOD-002", "R-FIN-006", "R-DAT-009", "R-QTE-001"),
                schematronSeverities().entrySet().stream().filter(e -> e.getValue() == Severity.AVERTISSEMENT)
                        .map(java.util.Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));
    }

    private static List<String> ids(String document) {
        return Fixtures.RULES_ENGINE.check(document.getBytes(StandardCharsets.UTF_8), TODAY).stream()
                .map(Problem::ruleId).toList();
    }

    @Test
    void everyPublishedSampleSatisfiesTheRules() {
        Stream.concat(Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("fiches")).stream(),
                Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("situations")).stream())
                .forEach(sample -> assertEquals(List.of(), Fixtures.RULES_ENGINE.check(Fixtures.read(sample), TODAY),
                        sample.toString()));
    }

    @Test
    void violationsAreInDocumentOrder() {
        String base = new String(Fixtures.read(Fixtures.RULES.resolve("base-fiche.xml")), StandardCharsets.UTF_8);
        String broken = base.replace("<ao:Programme>MANU<", "<ao:Programme>X<").replace("<ao:Statut>EN_COURS<", "<ao:Statut>Y<")
                .replace("<ao:Filiale>AO-FM<", "<ao:Filiale>AO-ZZ<");
        List<String> ids = Fixtures.RULES_ENGINE.check(broken.getBytes(StandardCharsets.UTF_8), TODAY).stream()
                .map(Problem::ruleId).toList();
        assertEquals(List.of("R-COD-001", "R-COD-005", "R-COD-002"), ids);
    }

    @Test
    void versionIdentifiesTheRuleSet() {
        assertTrue(Fixtures.RULES_ENGINE.version().matches(Pattern.quote(BusinessRules.VERSION) + ";sha256=[0-9a-f]{64}"),
                Fixtures.RULES_ENGINE.version());
    }

    static Set<String> schematronRuleIds() {
        return new TreeSet<>(schematronSeverities().keySet());
    }

    /** Each rule of the Schematron and the severity its {@code @role} declares. */
    static java.util.Map<String, Severity> schematronSeverities() {
        java.util.Map<String, Severity> severities = new java.util.TreeMap<>();
        try {
            Matcher assertion = Pattern.compile("<sch:(?:assert|report) id=\"([^\"]+)\" role=\"([A-Z]+)\"")
                    .matcher(Files.readString(SCHEMATRON, StandardCharsets.UTF_8));
            while (assertion.find()) {
                severities.put(assertion.group(1), Severity.valueOf(assertion.group(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return severities;
    }
}
