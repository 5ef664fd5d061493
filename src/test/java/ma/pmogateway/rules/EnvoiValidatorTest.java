package ma.pmogateway.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;
import ma.pmogateway.transform.BundledFiles;
import ma.pmogateway.transform.Fixtures;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.XsltRuntime;

/**
 * A dry run reports every problem of a batch at once, in the order of the message path, and hands
 * out a PMO document only for a valid batch.
 */
class EnvoiValidatorTest {

    private static final LocalDate TODAY = BusinessRulesTest.TODAY;

    @Test
    void validBatchGetsItsPmoDocumentAndTheVersionsUsed() {
        ValidationReport report = validate("base-situation.xml");

        assertTrue(report.valid());
        assertEquals(List.of(), report.problems());
        assertEquals(Optional.of("5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d"), report.envoiId());
        assertEquals(1, report.elementCount());
        assertEquals(Fixtures.TRANSFORMER.version(), report.transformationVersion());
        assertEquals(Fixtures.TRANSFORMER.codeListsVersion(), report.codeListsVersion());
        assertEquals(Fixtures.RULES_ENGINE.version(), report.rulesVersion());
        assertEquals(List.of(), Fixtures.VALIDATOR.validate(Contract.PMO_FORMAT, report.pmoDocument().orElseThrow()));
    }

    @Test
    void schemaProblemsStopBeforeTheRules() {
        ValidationReport report = validate("R-AVA-001/echec.xml");

        assertFalse(report.valid());
        assertEquals(List.of(Problem.Step.CONTRAT), steps(report));
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:AvancementPhysique[1]", report.problems().get(0).xpath());
        assertEquals(1, report.elementCount(), "the batch is still counted");
        assertTrue(report.pmoDocument().isEmpty());
    }

    @Test
    void everyRuleProblemIsReportedAndNoPmoDocumentIsMade() {
        String broken = text("base-fiche.xml").replace("<ao:Programme>MANU<", "<ao:Programme>X<")
                .replace("<ao:Montant>40000000.00<", "<ao:Montant>1.00<");

        ValidationReport report = Fixtures.ENVOI_VALIDATOR.validate(broken.getBytes(StandardCharsets.UTF_8), TODAY);

        assertFalse(report.valid());
        assertEquals(List.of("R-COD-001", "R-FIN-001"), report.problems().stream().map(Problem::ruleId).toList());
        assertTrue(report.pmoDocument().isEmpty());
    }

    @Test
    void warningsLeaveTheBatchValid() {
        ValidationReport report = validate("R-MOD-002/echec.xml");

        assertTrue(report.valid());
        assertEquals(Severity.AVERTISSEMENT, report.problems().get(0).severity());
        assertTrue(report.pmoDocument().isPresent());
    }

    /**
     * A finding knows the item it was found on, from its node: of eleven fiches the 2nd and the 10th
     * carry a warning (R-MOD-002), and a warning on the header (R-DAT-009) belongs to no item.
     */
    @Test
    void eachFindingNamesTheItemItsNodeIsIn() {
        String warned = text("R-MOD-002/echec.xml");
        String plain = text("R-MOD-002/succes.xml");
        StringBuilder fiches = new StringBuilder();
        for (int rank = 1; rank <= 11; rank++) {
            fiches.append(fiche(rank == 2 || rank == 10 ? warned : plain)
                    .replace("AO-FM-2025-0101", String.format("AO-FM-2025-%04d", 100 + rank)));
        }
        String batch = warned.substring(0, warned.indexOf("<ao:FicheProjet ")).replace(
                "2026-10-01T08:30:00+01:00", TODAY.plusDays(5) + "T08:30:00+01:00")
                + fiches + warned.substring(warned.lastIndexOf("</ao:FicheProjet>") + "</ao:FicheProjet>".length());

        ValidationReport report = Fixtures.ENVOI_VALIDATOR.validate(batch.getBytes(StandardCharsets.UTF_8), TODAY);

        assertEquals(List.of("R-DAT-009 0", "R-MOD-002 2", "R-MOD-002 10"),
                report.problems().stream().map(problem -> problem.ruleId() + " " + problem.item()).toList());
        assertEquals("/ao:EnvoiFichesProjets[1]/ao:FicheProjet[10]/ao:Mandants[1]", report.problems().get(2).xpath());
    }

    @Test
    void journalBackedRulesRunWithTheHistoryGiven() {
        ProjectHistory history = (project, asOf) ->
                Optional.of(new ProjectHistory.AcceptedReport(LocalDate.of(2026, 6, 30), new BigDecimal("50")));

        ValidationReport report = Fixtures.ENVOI_VALIDATOR.validate(Fixtures.read(Fixtures.RULES.resolve("base-situation.xml")),
                TODAY, history, EnvoiValidator.DRY_RUN);

        assertEquals(List.of("R-AVA-002"), report.problems().stream().map(Problem::ruleId).toList());
    }

    /**
     * A fiche the PMO could not take (50 partners besides the subsidiary: 51 actors) is refused by a rule,
     * in the sender's terms, before any mapping: no gateway defect is reported.
     */
    @Test
    void aFicheThePmoCouldNotTakeIsRefusedInTheSendersTermsBeforeTheMapping() {
        StringBuilder partners = new StringBuilder();
        for (int i = 1; i <= 48; i++) {
            partners.append("<ao:Partenaire id=\"P-").append(i).append("\" type=\"COMMUNE\"><ao:Nom>P</ao:Nom></ao:Partenaire>");
        }
        String fiche = text("base-fiche.xml").replace("    </ao:Partenaires>", partners + "</ao:Partenaires>");

        ValidationReport report = Fixtures.ENVOI_VALIDATOR.validate(fiche.getBytes(StandardCharsets.UTF_8), TODAY);

        assertFalse(report.valid());
        assertEquals(List.of("R-PAR-001"), report.problems().stream().map(Problem::ruleId).toList());
        assertEquals(List.of(Problem.Step.REGLE), steps(report));
    }

    /**
     * A translation the PMO schema refuses is still reported as the gateway's defect: here the code lists
     * map a regional council to a PMO category the PMO schema does not have (a defect of the lists, which
     * the rules do not read).
     */
    @Test
    void translationThePmoSchemaRefusesIsReportedAsTheGatewaysDefect() {
        Map<String, byte[]> lists = new LinkedHashMap<>(Fixtures.RUNTIME.codeLists().files().contents());
        String partnerTypes = lists.keySet().stream().filter(name -> name.endsWith("ao-types-partenaires.xml")).findFirst()
                .orElseThrow();
        lists.put(partnerTypes, new String(lists.get(partnerTypes), StandardCharsets.UTF_8)
                .replaceFirst("(<lc:Code valeur=\"REGION\">(?s:.*?)<lc:Correspondance liste=\"pmo-categories-financement\""
                        + " valeur=\")CT\"", "$1REGIONALE\"").getBytes(StandardCharsets.UTF_8));
        XsltRuntime runtime = XsltRuntime.create(BundledFiles.of("défectueuses", lists));
        EnvoiValidator validator = new EnvoiValidator(runtime, Fixtures.VALIDATOR, new BusinessRules(runtime), List.of(),
                new Transformer(runtime, Fixtures.VALIDATOR));

        ValidationReport report = validator.validate(Fixtures.read(Fixtures.RULES.resolve("base-fiche.xml")), TODAY);

        assertFalse(report.valid());
        Problem problem = report.problems().get(0);
        assertEquals(Problem.Step.TRANSFORMATION, problem.step());
        assertTrue(problem.xpath().startsWith("/pmo:depot-fiches[1]/pmo:projet[1]/pmo:"), problem.xpath());
        assertTrue(problem.messageEn().startsWith("The gateway could not produce a valid PMO document"), problem.messageEn());
        assertTrue(report.pmoDocument().isEmpty());
    }

    @Test
    void textThatIsNotXmlIsOneReadingProblem() {
        ValidationReport report = Fixtures.ENVOI_VALIDATOR.validate("<ao:EnvoiSituations".getBytes(StandardCharsets.UTF_8), TODAY);

        assertFalse(report.valid());
        assertEquals(List.of(Problem.Step.LECTURE), steps(report));
        assertEquals(Optional.empty(), report.envoiId());
        assertEquals(0, report.elementCount());
    }

    /**
     * An unescaped {@code &} is reported once, as a reading problem in both languages, and the parser
     * does not also write its English line on the standard error (the validator is built with the
     * standard error captured, since Saxon keeps the stream it finds when it is created).
     */
    @Test
    void anUnescapedAmpersandIsAReadingProblemWithNothingOnStandardError() {
        String base = new String(Fixtures.read(Fixtures.RULES.resolve("base-situation.xml")), StandardCharsets.UTF_8);
        byte[] ampersand = base.replace("<ao:Statut>EN_COURS<", "<ao:Statut>EN_COURS & CO<").getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream standardError = System.err;
        ValidationReport report;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            report = CompiledChecks.compile().validator().validate(ampersand, TODAY);
        } finally {
            System.setErr(standardError);
        }

        assertEquals(List.of(Problem.Step.LECTURE), steps(report));
        assertTrue(report.problems().get(0).messageFr().startsWith("Le document n'est pas du XML bien formé"));
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    private static ValidationReport validate(String fixture) {
        return Fixtures.ENVOI_VALIDATOR.validate(Fixtures.read(Fixtures.RULES.resolve(fixture)), TODAY);
    }

    private static List<Problem.Step> steps(ValidationReport report) {
        return report.problems().stream().map(Problem::step).distinct().toList();
    }

    /** The one FicheProjet element of {@code batch}, as text. */
    private static String fiche(String batch) {
        return batch.substring(batch.indexOf("<ao:FicheProjet "),
                batch.lastIndexOf("</ao:FicheProjet>") + "</ao:FicheProjet>".length());
    }

    private static String text(String fixture) {
        return new String(Fixtures.read(Fixtures.RULES.resolve(fixture)), StandardCharsets.UTF_8);
    }
}
