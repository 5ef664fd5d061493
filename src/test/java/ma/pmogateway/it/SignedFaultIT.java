package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;

/** Faults from the gateway's own checks are signed like any response, with the request's signature confirmed. */
class SignedFaultIT extends OneGatewayPerClass {

    /** AO-RSK may not call SoumettreProjets: the NON_AUTORISE fault comes back signed by the gateway. */
    @Test
    void authorisationFaultIsSignedAndConfirmsTheRequestSignature() {
        SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-rsk");
        AtomicReference<byte[]> captured = Clients.captureResponses(client);

        Erreur fault = assertThrows(Erreur.class,
                () -> client.soumettreProjets(Payloads.fiches("02-vn-tamesna-multi-communes.xml")));

        assertEquals("NON_AUTORISE", fault.getFaultInfo().getCode());
        String response = new String(captured.get(), StandardCharsets.UTF_8);
        assertTrue(response.contains("SignatureValue"), response);
        assertTrue(response.contains("SignatureConfirmation"), response);
    }
}
