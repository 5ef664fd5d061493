package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.service.EnvoiAValider;
import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.contract.common.Probleme;

/** ValiderEnvoi runs every check and answers with the full report; nothing is kept or forwarded. */
class DryRunIT extends OneGatewayPerClass {

    @Test
    void reportsAValidBatchWithTheVersionsUsed() throws Exception {
        RapportValidation report = dryRun(Payloads.fiches("01-vsb-hmr-casablanca.xml"));

        assertTrue(report.isValide(), () -> report.getProbleme().toString());
        assertEquals(BigInteger.TWO, report.getNombreElements());
        assertFalse(report.getVersionTransformation().isBlank());
    }

    /** A contribution changed so that the financing plan no longer adds up to the global cost. */
    @Test
    void reportsABrokenBusinessRuleWithItsIdAndLocation() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        envoi.getFicheProjet().get(0).getPlanFinancement().getContribution().get(0).setMontant(new BigDecimal("1.00"));

        RapportValidation report = dryRun(envoi);

        assertFalse(report.isValide());
        Probleme problem = report.getProbleme().get(0);
        assertTrue(problem.getRegle().startsWith("R-"), problem.getRegle());
        assertTrue(problem.getEmplacement().getXpath().contains("ao:FicheProjet[1]"), problem.getEmplacement().getXpath());
    }

    /** A progress above 100 %: a schema error, reported in the answer rather than as a fault. */
    @Test
    void reportsASchemaErrorInsteadOfFaulting() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        envoi.getFicheProjet().get(0).setAvancementPhysique(new BigDecimal("150"));

        RapportValidation report = dryRun(envoi);

        assertFalse(report.isValide());
        assertTrue(report.getProbleme().get(0).getEmplacement().getXpath().endsWith("ao:AvancementPhysique[1]"),
                report.getProbleme().get(0).getEmplacement().getXpath());
    }

    private static RapportValidation dryRun(EnvoiFichesProjets envoi) throws Exception {
        EnvoiAValider request = new EnvoiAValider();
        request.setEnvoiFichesProjets(envoi);
        return Clients.soap12(gateway.soap12Address(), "ao-cs").validerEnvoi(request);
    }
}
