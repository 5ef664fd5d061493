package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.xml.ws.WebServiceException;

import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;

/** HTTPS by configuration: the service answers over TLS, and can require a client certificate. */
class TlsIT {

    @Test
    void servesSignedSubmissionsOverHttps() throws Exception {
        try (TestGateway gateway = TestGateway.start(Map.of("server.tls.enabled", "true"))) {
            assertTrue(gateway.soap12Address().startsWith("https://127.0.0.1:"));
            SuiviProjets client = overTls(Clients.soap12(gateway.soap12Address(), "ao-cs"), null);

            AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));

            assertEquals("AO-CS", receipt.getEmetteur());
        }
    }

    @Test
    void requiredClientCertificateRefusesAClientWithout() throws Exception {
        try (TestGateway gateway = TestGateway.start(Map.of("server.tls.enabled", "true",
                "server.tls.client-auth", "need"))) {
            SuiviProjets anonymous = overTls(Clients.soap12(gateway.soap12Address(), "ao-cs"), null);
            assertThrows(WebServiceException.class,
                    () -> anonymous.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml")));

            SuiviProjets authenticated = overTls(Clients.soap12(gateway.soap12Address(), "ao-cs"), "ao-cs");
            assertEquals("AO-CS", authenticated.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"))
                    .getEmetteur());
        }
    }

    /** Trusts the development CA for the server; presents {@code clientIdentity}'s certificate if not null. */
    private static SuiviProjets overTls(SuiviProjets client, String clientIdentity) throws Exception {
        TLSClientParameters tls = new TLSClientParameters();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("truststore"));
        tls.setTrustManagers(trust.getTrustManagers());
        if (clientIdentity != null) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientIdentity), Identities.PASSWORD.toCharArray());
            tls.setKeyManagers(keys.getKeyManagers());
        }
        ((HTTPConduit) ClientProxy.getClient(client).getConduit()).setTlsClientParameters(tls);
        return client;
    }

    private static KeyStore load(String name) throws Exception {
        try (InputStream in = Files.newInputStream(Identities.DEV.resolve(name + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, Identities.PASSWORD.toCharArray());
            return store;
        }
    }
}
