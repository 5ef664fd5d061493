package ma.pmogateway.it.security;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;

/** A trusted certificate is not enough: its holder must be a registered sender. */
class UnknownSenderIT extends GatewayTest {

    /**
     * Attack: AO-CS's batch signed by the PMO's own certificate, issued by the trusted CA but absent
     * from the sender registry. Expected: a generic SECURITE_REFUSEE (no hint that only registration
     * is missing), journaled REJETE, batch not accepted.
     */
    @Test
    void refusesTrustedCertificateOfUnregisteredHolder() {
        EnvoiFichesProjets envoi = casablancaFiches();
        assertRefused(send(request(envoi).signedBy("pmo").build()), Reason.SENDER_UNKNOWN);
        assertNotAccepted(envoi);
    }
}
