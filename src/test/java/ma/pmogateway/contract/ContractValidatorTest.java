package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** How {@link ContractValidator} locates and words schema violations. */
class ContractValidatorTest {

    private static final ContractValidator VALIDATOR = new ContractValidator(new ContractSchemas());

    /** A valid one-report batch; {@code %s} are replaced to make it invalid in one place. */
    private static final String SITUATIONS = """
            <ao:EnvoiSituations xmlns:ao="urn:ma:alomrane:suivi-projets:v1">
              <ao:EnTete>
                <ao:IdentifiantEnvoi>0b7c6f1e-8d2a-4c3b-9f10-2a4e6d8c1b3f</ao:IdentifiantEnvoi>
                <ao:DateCreation>2026-10-31T09:15:00+01:00</ao:DateCreation>
                <ao:Emetteur>AO-CS</ao:Emetteur>
                <ao:DateArrete>2026-10-30</ao:DateArrete>
                <ao:VersionFormat>1.0</ao:VersionFormat>
              </ao:EnTete>
              <ao:SituationAvancement>
                <ao:CodeProjet>AO-CS-2023-0042</ao:CodeProjet>
                <ao:DateArrete>2026-10-30</ao:DateArrete>
                <ao:Statut>EN_COURS</ao:Statut>
                <ao:Rappel>
                  <ao:CoutGlobal>180000000.00</ao:CoutGlobal>
                  <ao:FinPrevue>2027-12-31</ao:FinPrevue>
                </ao:Rappel>
                <ao:AvancementPhysique>%s</ao:AvancementPhysique>
                <ao:ExecutionFinanciere>
                  <ao:MontantEngage>90000000.00</ao:MontantEngage>
                  <ao:MontantEmis>60000000.00</ao:MontantEmis>
                  <ao:MontantPaye>55000000.00</ao:MontantPaye>
                </ao:ExecutionFinanciere>
                <ao:QuantitesRealisees>
                  <ao:Quantite unite="LOGEMENT">420</ao:Quantite>
                  <ao:Quantite unite="%s">12</ao:Quantite>
                </ao:QuantitesRealisees>
              </ao:SituationAvancement>
            </ao:EnvoiSituations>
            """;

    private static List<SchemaViolation> validate(String progress, String unit) {
        return VALIDATOR.validate(Contract.AO_FORMAT,
                SITUATIONS.formatted(progress, unit).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAValidDocument() {
        assertEquals(List.of(), validate("42.5", "MENAGE"));
    }

    @Test
    void locatesAValueErrorOnItsElementOnceWithBothLanguages() {
        List<SchemaViolation> violations = validate("142", "MENAGE");

        assertEquals(1, violations.size(), violations.toString());
        SchemaViolation violation = violations.get(0);
        assertEquals("cvc-maxInclusive-valid", violation.key());
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:AvancementPhysique[1]", violation.xpath());
        assertEquals(17, violation.line());
        assertNotEquals(violation.messageFr(), violation.messageEn());
    }

    @Test
    void locatesAnAttributeErrorOnTheAttributeOfTheRightSibling() {
        List<SchemaViolation> violations = validate("42.5", "menage");

        assertEquals(1, violations.size(), violations.toString());
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:QuantitesRealisees[1]/ao:Quantite[2]/@unite",
                violations.get(0).xpath());
    }

    @Test
    void reportsEveryProblemInDocumentOrder() {
        List<SchemaViolation> violations = validate("-1", "menage");

        assertEquals(List.of("cvc-minInclusive-valid", "cvc-pattern-valid"),
                violations.stream().map(SchemaViolation::key).toList());
    }

    @Test
    void reportsAMissingChildOnItsParent() {
        String withoutStatus = SITUATIONS.formatted("1", "LOT").replace("<ao:Statut>EN_COURS</ao:Statut>", "");
        List<SchemaViolation> violations = VALIDATOR.validate(Contract.AO_FORMAT,
                withoutStatus.getBytes(StandardCharsets.UTF_8));

        assertEquals("cvc-complex-type.2.4.a", violations.get(0).key());
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:Rappel[1]", violations.get(0).xpath());
    }

    @Test
    void reportsAnUndeclaredRootOnTheDocument() {
        String foreign = SITUATIONS.formatted("1", "LOT").replace("urn:ma:alomrane:suivi-projets:v1", "urn:exemple:v9");
        List<SchemaViolation> violations = VALIDATOR.validate(Contract.AO_FORMAT,
                foreign.getBytes(StandardCharsets.UTF_8));

        assertEquals("cvc-elt.1.a", violations.get(0).key());
        assertEquals("/", violations.get(0).xpath());
    }

    @Test
    void namesTheExpectedNamespaceForARootInAnotherOne() {
        String foreign = SITUATIONS.formatted("1", "LOT").replace("urn:ma:alomrane:suivi-projets:v1",
                "urn:ma:alomrane:suivi-projets:v2");
        SchemaViolation violation = only(VALIDATOR.validate(Contract.AO_FORMAT, foreign.getBytes(StandardCharsets.UTF_8)));

        assertEquals("/", violation.xpath());
        assertEquals("L'élément racine EnvoiSituations est dans l'espace de noms « urn:ma:alomrane:suivi-projets:v2 » ;"
                + " ce contrat attend l'espace de noms « urn:ma:alomrane:suivi-projets:v1 ». Vérifiez l'attribut xmlns"
                + " de la racine.", violation.messageFr());
        assertEquals("Root element EnvoiSituations is in namespace \"urn:ma:alomrane:suivi-projets:v2\"; this contract"
                + " expects namespace \"urn:ma:alomrane:suivi-projets:v1\". Check the root's xmlns attribute.",
                violation.messageEn());
    }

    @Test
    void saysWhenTheRootHasNoNamespace() {
        String bare = "<EnvoiSituations><EnTete/></EnvoiSituations>";
        SchemaViolation violation = only(VALIDATOR.validate(Contract.AO_FORMAT, bare.getBytes(StandardCharsets.UTF_8)));

        assertTrue(violation.messageEn().startsWith("Root element EnvoiSituations has no namespace; this contract expects"
                + " namespace \"urn:ma:alomrane:suivi-projets:v1\""), violation.messageEn());
    }

    @Test
    void labelsAnUnescapedAmpersandAsNotWellFormedInBothLanguages() {
        String ampersand = SITUATIONS.formatted("1", "LOT").replace("<ao:Statut>EN_COURS</ao:Statut>",
                "<ao:Statut>EN_COURS & CO</ao:Statut>");
        SchemaViolation violation = only(VALIDATOR.validate(Contract.AO_FORMAT, ampersand.getBytes(StandardCharsets.UTF_8)));

        assertEquals(ContractValidator.NOT_WELL_FORMED, violation.key());
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:Statut[1]", violation.xpath());
        assertEquals(12, violation.line());
        assertTrue(violation.messageFr().startsWith("Le document n'est pas du XML bien formé et n'a pas pu être lu"
                + " (ligne 12, colonne"), violation.messageFr());
        assertTrue(violation.messageEn().startsWith("The document is not well-formed XML and could not be read"
                + " (line 12, column"), violation.messageEn());
        assertTrue(violation.messageEn().contains("&amp;"), violation.messageEn());
    }

    @Test
    void reportsANegativeQuantityOnce() {
        SchemaViolation violation = only(VALIDATOR.validate(Contract.AO_FORMAT,
                SITUATIONS.formatted("1", "LOT").replace(">420<", ">-3<").getBytes(StandardCharsets.UTF_8)));

        assertEquals("cvc-minInclusive-valid", violation.key());
        assertEquals("/ao:EnvoiSituations[1]/ao:SituationAvancement[1]/ao:QuantitesRealisees[1]/ao:Quantite[1]",
                violation.xpath());
        assertEquals("La valeur -3 de l'élément Quantite est inférieure au minimum permis, 0.", violation.messageFr());
        assertEquals("The value -3 of element Quantite is below the allowed minimum, 0.", violation.messageEn());
    }

    @Test
    void wordsAPatternErrorWithTheExpectedFormInsteadOfTheRegularExpression() {
        SchemaViolation violation = only(validate("1", "logement"));

        assertEquals("La valeur « logement » de l'attribut unite de l'élément Quantite n'a pas la forme attendue : un code"
                + " en majuscules (lettres, chiffres, _ . -), 32 caractères au plus, par exemple LOGEMENT.",
                violation.messageFr());
        assertEquals("The value \"logement\" of attribute unite of element Quantite does not have the expected form:"
                + " an upper-case code (letters, digits, _ . -), at most 32 characters, for example LOGEMENT.",
                violation.messageEn());
    }

    @Test
    void countsLengthsInCharactersNotUtf16Units() {
        String emoji = "\uD83C\uDFE0".repeat(200) + "a".repeat(55);
        // 3,825 characters, 6,825 UTF-16 units: within the 4,000 characters of a cm:TexteLong.
        assertEquals(List.of(), VALIDATOR.validate(Contract.AO_FORMAT, SITUATIONS.formatted("1", "LOT")
                .replace("</ao:SituationAvancement>",
                        "  <ao:Commentaire>" + emoji.repeat(15) + "</ao:Commentaire>\n  </ao:SituationAvancement>")
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shortensALongValueInTheMessage() {
        String long4001 = "x".repeat(4001);
        SchemaViolation violation = only(VALIDATOR.validate(Contract.AO_FORMAT, SITUATIONS.formatted("1", "LOT")
                .replace("</ao:SituationAvancement>", "  <ao:Commentaire>" + long4001 + "</ao:Commentaire>\n  </ao:SituationAvancement>")
                .getBytes(StandardCharsets.UTF_8)));

        assertEquals("cvc-maxLength-valid", violation.key());
        assertEquals("Element Commentaire is too long: 4,001 characters for at most 4,000 (start: \""
                + "x".repeat(50) + "… (4,001 characters)\").", violation.messageEn());
        assertTrue(violation.messageFr().length() < 200, violation.messageFr());
    }

    /**
     * Withdrawing the validator's UTF-16 length errors is exact only if no length facet of the bundled
     * schemas is checked before another facet the validator would then skip (an enumeration), and no
     * minimum length is above 1 (a UTF-16 count can pass a minimum that characters fail only above 1).
     */
    @Test
    void theBundledSchemasUseLengthFacetsOnlyAsTheCharacterCountAssumes() throws Exception {
        Pattern restriction = Pattern.compile("<xs:restriction\\b.*?</xs:restriction>", Pattern.DOTALL);
        Pattern minLength = Pattern.compile("<xs:minLength value=\"(\\d+)\"");
        List<Path> schemas;
        try (java.util.stream.Stream<Path> files = Files.walk(Path.of("xsd"))) {
            schemas = files.filter(file -> file.toString().endsWith(".xsd")).toList();
        }
        assertTrue(schemas.size() >= 6, schemas.toString());
        for (Path schema : schemas) {
            Matcher block = restriction.matcher(Files.readString(schema, StandardCharsets.UTF_8));
            while (block.find()) {
                String facets = block.group();
                boolean length = facets.contains("Length") || facets.contains("<xs:length");
                assertFalse(length && facets.contains("<xs:enumeration"), schema + ": " + facets);
                Matcher minimum = minLength.matcher(facets);
                while (minimum.find()) {
                    assertTrue(Integer.parseInt(minimum.group(1)) <= 1, schema + ": " + facets);
                }
            }
        }
    }

    private static SchemaViolation only(List<SchemaViolation> violations) {
        assertEquals(1, violations.size(), violations.toString());
        return violations.get(0);
    }

    @Test
    void refusesADoctypeAsNotWellFormedWithoutResolvingIt() {
        String withDoctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                + SITUATIONS.formatted("&e;", "LOT");
        List<SchemaViolation> violations = VALIDATOR.validate(Contract.AO_FORMAT,
                withDoctype.getBytes(StandardCharsets.UTF_8));

        assertEquals(1, violations.size());
        assertEquals(ContractValidator.NOT_WELL_FORMED, violations.get(0).key());
        assertTrue(violations.get(0).messageEn().contains("DOCTYPE"), violations.get(0).messageEn());
    }
}
