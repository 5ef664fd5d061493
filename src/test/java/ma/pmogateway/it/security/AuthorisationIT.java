package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.Payloads;

/**
 * A verified sender may act only within its registry entry: its own name in the batch header, its
 * operations, its regions. Refusals are NON_AUTORISE and, unlike security faults, precise: each
 * problem names the sender, the project, the region or the operation, and the journal the defence that
 * fired. The batch is not accepted. (Who owns which project: {@link ProjectOwnershipIT}.)
 */
class AuthorisationIT extends GatewayTest {

    /**
     * Attack: AO-CS (region 06) submits its batch with the first project moved to Kénitra (region 04,
     * the Localisations of an AO-RSK sample). Expected: NON_AUTORISE naming project AO-CS-2023-0042
     * and region 04.
     */
    @Test
    void refusesProjectOutsideSenderRegions() {
        EnvoiFichesProjets envoi = casablancaFiches();
        envoi.getFicheProjet().get(0).setLocalisations(
                Payloads.fiches("02-vn-tamesna-multi-communes.xml").getFicheProjet().get(0).getLocalisations());
        assertProblemNames(send(request(envoi).build()), Reason.REGION_OUT_OF_SCOPE, envoi, "AO-CS-2023-0042", "04");
    }

    /**
     * Attack: AO-RSK, registered only for SoumettreSituations and ValiderEnvoi, submits its own region-04
     * project records with SoumettreProjets. Expected: NON_AUTORISE naming AO-RSK and the operation.
     */
    @Test
    void refusesOperationOutsideSenderRights() {
        EnvoiFichesProjets envoi = Payloads.fiches("12-vsb-kenitra-recasement.xml");
        assertProblemNames(send(request(envoi).signedBy("ao-rsk").build()), Reason.OPERATION_NOT_ALLOWED, envoi, "AO-RSK",
                "SoumettreProjets");
    }

    /**
     * Attack: the head office (AO-SIEGE, every region) signs a batch whose header says AO-CS sent it.
     * Expected: NON_AUTORISE naming both the declared and the signing sender.
     */
    @Test
    void refusesHeaderEmetteurOtherThanSigner() {
        EnvoiFichesProjets envoi = casablancaFiches();
        assertProblemNames(send(request(envoi).signedBy("ao-siege").build()), Reason.EMETTEUR_NOT_SIGNER, envoi, "AO-CS",
                "AO-SIEGE");
    }

    private void assertProblemNames(SoapReply reply, Reason reason, EnvoiFichesProjets envoi, String... names) {
        List<String> problems = assertRefused(reply, reason).problems();
        for (String name : names) {
            assertTrue(problems.stream().anyMatch(problem -> problem.contains(name)), () -> name + " not in " + problems);
        }
        assertNotAccepted(envoi);
    }
}
