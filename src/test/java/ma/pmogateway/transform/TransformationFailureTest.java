package ma.pmogateway.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * A translation that cannot give a valid document for the other side is the gateway's defect,
 * {@link ErrorCode#TRANSFORMATION_INVALIDE} with the exchange id, never a document let out.
 */
class TransformationFailureTest {

    private static final String BASE_FICHE = new String(Fixtures.read(Fixtures.RULES.resolve("base-fiche.xml")),
            StandardCharsets.UTF_8);

    @Test
    void fiftyPartnersGiveMoreActorsThanThePmoAcceptsAndNothingLeaves() {
        StringBuilder partners = new StringBuilder();
        for (int i = 1; i <= 48; i++) {
            partners.append(String.format("      <ao:Partenaire id=\"COMMUNE-%02d\" type=\"COMMUNE\">%n"
                    + "        <ao:Nom>Commune %d</ao:Nom>%n      </ao:Partenaire>%n", i, i));
        }
        String fiche = BASE_FICHE.replace("    </ao:Partenaires>", partners + "    </ao:Partenaires>");
        // The schema takes it, and a rule refuses it before any mapping (R-PAR-001): the defence below is
        // the last one, for a mapping that would let out what the PMO cannot take.
        assertEquals(java.util.List.of(), Fixtures.VALIDATOR.validate(ma.pmogateway.contract.Contract.AO_FORMAT, utf8(fiche)));
        assertEquals(java.util.List.of("R-PAR-001"), Fixtures.ENVOI_VALIDATOR.validate(utf8(fiche),
                java.time.LocalDate.of(2026, 11, 28)).problems().stream().map(ma.pmogateway.error.Problem::ruleId).toList());

        GatewayException failure = assertThrows(GatewayException.class,
                () -> Fixtures.TRANSFORMER.toPmo(utf8(fiche), Fixtures.CONTEXT));

        assertEquals(ErrorCode.TRANSFORMATION_INVALIDE, failure.code());
        assertArrayEquals(new Object[] {Fixtures.CONTEXT.exchangeId()}, failure.arguments());
    }

    @Test
    void codeWithoutPmoMappingStopsTheTransformation() {
        String fiche = BASE_FICHE.replace("<ao:Programme>MANU<", "<ao:Programme>INCONNU<");

        GatewayException failure = assertThrows(GatewayException.class,
                () -> Fixtures.TRANSFORMER.toPmo(utf8(fiche), Fixtures.CONTEXT));

        assertEquals(ErrorCode.TRANSFORMATION_INVALIDE, failure.code());
        assertTrue(failure.getCause().getMessage().contains("pmo-secteurs mapping for ao-programmes code INCONNU"),
                failure.getCause().getMessage());
    }

    @Test
    void documentThatIsNotAnAlOmraneBatchIsRefused() {
        byte[] pmoDocument = Fixtures.TRANSFORMER.toPmo(utf8(BASE_FICHE), Fixtures.CONTEXT);

        GatewayException failure = assertThrows(GatewayException.class,
                () -> Fixtures.TRANSFORMER.toPmo(pmoDocument, Fixtures.CONTEXT));

        assertEquals(ErrorCode.TRANSFORMATION_INVALIDE, failure.code());
    }

    @Test
    void feedbackForAProjectUnknownToAlOmraneIsNotLetOut() {
        String acknowledgement = """
                <pmo:accuse-depot xmlns:pmo="urn:ma:dgct:pmo:v1">
                  <pmo:identifiant-message>7d0c6a52-3b8e-4f21-9c4d-2e5f8a1b0c93</pmo:identifiant-message>
                  <pmo:recu-le>2026-10-02T09:05:00Z</pmo:recu-le>
                  <pmo:doublon>false</pmo:doublon>
                  <pmo:resultat decision="rejete" decide-le="2026-10-02T09:04:30Z">
                    <pmo:reference-externe organisme="DGCT">DGCT-2026-17</pmo:reference-externe>
                  </pmo:resultat>
                </pmo:accuse-depot>""";
        UUID exchange = UUID.fromString("11111111-2222-4333-8444-555555555555");

        GatewayException failure = assertThrows(GatewayException.class,
                () -> Fixtures.TRANSFORMER.feedbackToAo(utf8(acknowledgement), exchange));

        assertEquals(ErrorCode.TRANSFORMATION_INVALIDE, failure.code());
        assertFalse(failure.text(java.util.Locale.FRENCH).isBlank());
        assertArrayEquals(new Object[] {exchange}, failure.arguments());
    }

    private static byte[] utf8(String document) {
        return document.getBytes(StandardCharsets.UTF_8);
    }
}
