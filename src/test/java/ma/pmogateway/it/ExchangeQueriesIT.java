package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.service.EtatEchange;
import ma.pmogateway.contract.ao.service.EtatTransmission;
import ma.pmogateway.contract.ao.service.RecupererRetours;
import ma.pmogateway.contract.ao.service.RecupererRetoursReponse;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.common.AccuseReception;

/** ConsulterEchange and RecupererRetours answer from the journal, and only to whom the exchange belongs. */
class ExchangeQueriesIT extends OneGatewayPerClass {

    private static AccuseReception receipt;

    @BeforeAll
    static void submitABatch() throws Exception {
        receipt = Clients.soap12(gateway.soap12Address(), "ao-cs")
                .soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));
    }

    @Test
    void reportsAJournaledExchangeAsAwaitingDelivery() throws Exception {
        EtatEchange state = Clients.soap12(gateway.soap12Address(), "ao-cs")
                .consulterEchange(receipt.getIdentifiantEchange());

        assertEquals(receipt.getIdentifiantEnvoi(), state.getIdentifiantEnvoi());
        assertEquals(receipt.getElement().size(), state.getElement().size());
        assertEquals(EtatTransmission.EN_ATTENTE, state.getTransmission());
    }

    @Test
    void headOfficeMayConsultASubsidiaryExchange() throws Exception {
        EtatEchange state = Clients.soap11(gateway.soap11Address(), "ao-siege")
                .consulterEchange(receipt.getIdentifiantEchange());

        assertEquals("AO-CS", state.getEmetteur());
    }

    /** Another subsidiary learns nothing, not even that the exchange exists. */
    @Test
    void hidesAnExchangeFromAnotherSubsidiary() {
        var client = Clients.soap12(gateway.soap12Address(), "ao-rsk");
        Erreur fault = assertThrows(Erreur.class, () -> client.consulterEchange(receipt.getIdentifiantEchange()));

        assertEquals("ECHANGE_INCONNU", fault.getFaultInfo().getCode());
    }

    @Test
    void answersAnUnknownExchangeWithEchangeInconnu() {
        var client = Clients.soap12(gateway.soap12Address(), "ao-cs");
        Erreur fault = assertThrows(Erreur.class,
                () -> client.consulterEchange("00000000-0000-4000-8000-000000000000"));

        assertEquals("ECHANGE_INCONNU", fault.getFaultInfo().getCode());
    }

    @Test
    void returnsAnEmptyFirstPageBeforeAnyFeedback() throws Exception {
        RecupererRetoursReponse page = Clients.soap12(gateway.soap12Address(), "ao-cs")
                .recupererRetours(new RecupererRetours());

        assertTrue(page.getRetourPMO().isEmpty());
        assertFalse(page.isPlusDeRetours());
        assertEquals("r0", page.getCurseurSuivant());
    }

    @Test
    void refusesACursorTheGatewayNeverIssued() {
        RecupererRetours request = new RecupererRetours();
        request.setDepuis("xyz");
        var client = Clients.soap12(gateway.soap12Address(), "ao-cs");
        Erreur fault = assertThrows(Erreur.class, () -> client.recupererRetours(request));

        assertEquals("CONTRAT_INVALIDE", fault.getFaultInfo().getCode());
    }
}
