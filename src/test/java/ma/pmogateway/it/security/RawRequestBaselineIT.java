package ma.pmogateway.it.security;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.it.Payloads;

/**
 * The raw requests that {@link SignedRequest} builds and {@link RawSoapClient} posts are accepted: the
 * baseline from which every negative test in this package departs by one thing.
 */
class RawRequestBaselineIT extends GatewayTest {

    /** AO-CS's batch signed as the policy asks, over SOAP 1.2: HTTP 200, receipt, journaled ACCEPTE. */
    @Test
    void acceptsSignedRequestOverSoap12() {
        EnvoiFichesProjets envoi = casablancaFiches();
        assertAccepted(send(request(envoi).build()), batchId(envoi));
    }

    /** The same over SOAP 1.1 (text/xml and a SOAPAction header): accepted. */
    @Test
    void acceptsSignedRequestOverSoap11() {
        EnvoiFichesProjets envoi = casablancaFiches();
        assertAccepted(send(request(envoi).over(SoapVersion.SOAP_11).build()), batchId(envoi));
    }

    /** A situations batch, once the same sender's fiche of the project was accepted: accepted too. */
    @Test
    void acceptsSituationsOfProjectAcceptedBefore() {
        send(request(casablancaFiches()).build());
        EnvoiSituations situations = Payloads.situations("01-vsb-casablanca.xml");
        SoapReply reply = send(SignedRequest.of(Operations.soumettreSituations(situations)).build());
        assertAccepted(reply, situations.getEnTete().getIdentifiantEnvoi());
    }
}
