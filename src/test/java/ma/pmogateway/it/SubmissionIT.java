package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.common.AccuseReception;

/** A registered sender's signed submissions are accepted, journaled and acknowledged with a signed receipt. */
class SubmissionIT {

    private static TestGateway gateway;

    @BeforeAll
    static void startGateway() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void acceptsSignedProjectRecordsOverSoap12() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        AccuseReception receipt = Clients.soap12(gateway.soap12Address(), "ao-cs").soumettreProjets(envoi);

        assertNotNull(receipt.getIdentifiantEchange());
        assertEquals(envoi.getEnTete().getIdentifiantEnvoi(), receipt.getIdentifiantEnvoi());
        assertEquals(envoi.getFicheProjet().size(), receipt.getElement().size());
    }
}
