package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;

/** Faults from the gateway's own checks are signed like any response, with the request's signature confirmed. */
class SignedFaultIT extends OneGatewayPerClass {

    /** AO-RSK may not call SoumettreProjets: the NON_AUTORISE fault comes back signed by the gateway. */
    @Test
    void authorisationFaultIsSignedAndConfirmsTheRequestSignature() {
        SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-rsk");
        AtomicReference<String> response = captureResponses(client);

        Erreur fault = assertThrows(Erreur.class,
                () -> client.soumettreProjets(Payloads.fiches("02-vn-tamesna-multi-communes.xml")));

        assertEquals("NON_AUTORISE", fault.getFaultInfo().getCode());
        assertTrue(response.get().contains("SignatureValue"), response.get());
        assertTrue(response.get().contains("SignatureConfirmation"), response.get());
    }

    /** Keeps the raw bytes of every response the client receives. */
    private static AtomicReference<String> captureResponses(SuiviProjets client) {
        AtomicReference<String> captured = new AtomicReference<>();
        ClientProxy.getClient(client).getInInterceptors().add(new AbstractPhaseInterceptor<Message>(Phase.RECEIVE) {
            @Override
            public void handleMessage(Message message) {
                try (InputStream in = message.getContent(InputStream.class)) {
                    byte[] bytes = in.readAllBytes();
                    captured.set(new String(bytes, StandardCharsets.UTF_8));
                    message.setContent(InputStream.class, new ByteArrayInputStream(bytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return captured;
    }
}
