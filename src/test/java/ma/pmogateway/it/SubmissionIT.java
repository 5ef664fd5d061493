package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.FicheProjet;
import ma.pmogateway.contract.ao.ReferencePartenaire;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;

/** A registered sender's signed submissions are accepted, journaled and acknowledged with a signed receipt. */
class SubmissionIT extends OneGatewayPerClass {

    @Test
    void acceptsSignedProjectRecordsOverSoap12() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        AccuseReception receipt = Clients.soap12(gateway.soap12Address(), "ao-cs").soumettreProjets(envoi);

        assertNotNull(receipt.getIdentifiantEchange());
        assertEquals(envoi.getEnTete().getIdentifiantEnvoi(), receipt.getIdentifiantEnvoi());
        assertEquals(envoi.getFicheProjet().size(), receipt.getElement().size());
        assertEquals(Verdict.ACCEPTE, gateway.journal().verdictOf(receipt.getIdentifiantEchange()).orElseThrow());
    }

    @Test
    void acceptsSignedProjectRecordsOverSoap11() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("10-siege-lot-multi-filiales.xml");
        AccuseReception receipt = Clients.soap11(gateway.soap11Address(), "ao-siege").soumettreProjets(envoi);

        assertEquals("AO-SIEGE", receipt.getEmetteur());
    }

    @Test
    void acceptsProgressReportsOnProjectsWhoseRecordWasAccepted() throws Exception {
        Clients.soap12(gateway.soap12Address(), "ao-cs").soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));

        AccuseReception receipt = Clients.soap12(gateway.soap12Address(), "ao-cs")
                .soumettreSituations(Payloads.situations("01-vsb-casablanca.xml"));

        assertEquals("SITUATION", receipt.getElement().get(0).getNature().value());
    }

    @Test
    void answersARetriedBatchWithItsOriginalReceipt() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("12-vsb-kenitra-recasement.xml");
        var client = Clients.soap12(gateway.soap12Address(), "ao-siege");
        envoi.getEnTete().setEmetteur("AO-SIEGE");
        AccuseReception first = client.soumettreProjets(envoi);

        AccuseReception retry = client.soumettreProjets(envoi);

        assertEquals(first.getIdentifiantEchange(), retry.getIdentifiantEchange());
    }

    /**
     * A batch id reused for other content is refused ENVOI_EN_DOUBLE, and the refusal's journal record
     * names that batch id (so that the batch's history shows the attempt).
     */
    @Test
    void refusesABatchIdReusedForOtherContentAndJournalsTheRefusalUnderIt() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        var client = Clients.soap12(gateway.soap12Address(), "ao-cs");
        client.soumettreProjets(envoi);
        envoi.getFicheProjet().remove(1);

        Erreur refused = assertThrows(Erreur.class, () -> client.soumettreProjets(envoi));

        assertEquals("ENVOI_EN_DOUBLE", refused.getFaultInfo().getCode());
        assertEquals(Optional.of("DUPLICATE_BATCH"), gateway.journal().reasonOf(refused.getFaultInfo()
                .getIdentifiantCorrelation()));
        try (Connection connection = gateway.journalConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT identifiant_envoi FROM echange WHERE id = ?")) {
            select.setString(1, refused.getFaultInfo().getIdentifiantCorrelation());
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertEquals(envoi.getEnTete().getIdentifiantEnvoi(), row.getString(1));
            }
        }
    }

    /**
     * Each receipt item carries the warnings found on that item only: of twelve fiches, the 2nd and the
     * 10th name Mandants in an operation propre (R-MOD-002, a warning), and ranks 1, 11 and 12, whose
     * XPaths share digits with them, stay plainly accepted.
     */
    @Test
    void putsEachWarningOnTheItemItWasFoundOnOnly() throws Exception {
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        envoi.getFicheProjet().clear();
        for (int rank = 1; rank <= 12; rank++) {
            FicheProjet fiche = Payloads.fiches("01-vsb-hmr-casablanca.xml").getFicheProjet().get(0);
            fiche.setCodeProjet(String.format("AO-CS-2031-%04d", 9000 + rank));
            if (rank == 2 || rank == 10) {
                ReferencePartenaire mandant = new ReferencePartenaire();
                mandant.setPartenaire(fiche.getPartenaires().getPartenaire().get(0).getId());
                fiche.setMandants(new FicheProjet.Mandants());
                fiche.getMandants().getMandant().add(mandant);
            }
            envoi.getFicheProjet().add(fiche);
        }

        AccuseReception receipt = Clients.soap12(gateway.soap12Address(), "ao-cs").soumettreProjets(envoi);

        assertEquals(12, receipt.getElement().size());
        for (ResultatReception item : receipt.getElement()) {
            int rank = item.getRang().intValue();
            List<String> warnings = item.getAvertissement().stream()
                    .map(warning -> warning.getRegle() + " " + warning.getEmplacement().getXpath()).toList();
            if (rank == 2 || rank == 10) {
                assertEquals(ResultatElement.ACCEPTE_AVEC_AVERTISSEMENTS, item.getResultat(), "item " + rank);
                assertEquals(List.of("R-MOD-002 /svc:SoumettreProjets[1]/ao:EnvoiFichesProjets[1]/ao:FicheProjet["
                        + rank + "]/ao:Mandants[1]"), warnings, "item " + rank);
            } else {
                assertEquals(ResultatElement.ACCEPTE, item.getResultat(), "item " + rank);
                assertEquals(List.of(), warnings, "item " + rank);
            }
        }
    }
}
