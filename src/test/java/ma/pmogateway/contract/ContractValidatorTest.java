package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
