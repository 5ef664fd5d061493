package ma.pmogateway.pmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import jakarta.xml.ws.WebServiceException;

import org.apache.wss4j.dom.WSConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.CodeEtat;
import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.DepotSituations;
import ma.pmogateway.contract.pmo.Observation;
import ma.pmogateway.contract.pmo.OperationProjet;
import ma.pmogateway.contract.pmo.ResultatDepot;
import ma.pmogateway.contract.pmo.Retard;
import ma.pmogateway.contract.pmo.Texte;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.contract.pmo.ws.ErreurDepot;
import ma.pmogateway.journal.PmoArrival;

/**
 * The reference PMO over SOAP, end to end: a client built from the WSDL signs as the gateway (or as
 * someone else), the service verifies, validates, records and answers signed. Each test deposits its
 * own project, so the tests share one register without seeing each other.
 */
class PmoReferenceServiceIT {

    private static TestPmo pmo;
    private static PmoReferenceService service;
    private static Depot gateway;

    @BeforeAll
    static void publish() {
        pmo = TestPmo.start();
        service = pmo.publish("/pmo/depot/v1", FailureSimulation.none());
        gateway = TestPmo.client(service, "gateway");
    }

    @AfterEach
    void endOutage() {
        service.failures().setOutage(false);
    }

    @AfterAll
    static void stop() {
        pmo.close();
    }

    /** A consistent new project is accepted under a new PMO reference, announced in French and English. */
    @Test
    void acceptsANewProjectAndAssignsItAPmoReference() throws ErreurDepot {
        String code = PmoSamples.newProjectCode();

        ResultatDepot result = only(gateway.deposerFiches(PmoSamples.fiches(code)));

        assertEquals("accepte", result.getDecision());
        assertTrue(result.getReferencePmo().matches("PMO-20[0-9]{2}-[0-9]{6}"), result.getReferencePmo());
        assertEquals(Optional.of(result.getReferencePmo()), service.referencePmo("AL-OMRANE", code));
        Observation registered = observation(result, "PROJET-ENREGISTRE");
        assertEquals(List.of("fr", "en"), registered.getTexte().stream().map(Texte::getLang).toList());
    }

    /** The acknowledgement is signed by the PMO and confirms the request's signature. */
    @Test
    void signsItsAcknowledgementAndConfirmsTheRequestSignature() throws ErreurDepot {
        gateway.deposerFiches(PmoSamples.fiches(PmoSamples.newProjectCode()));

        List<Integer> verified = TestPmo.verifiedActionsOfLastResponse(gateway);

        assertTrue(verified.contains(WSConstants.SIGN), verified.toString());
        assertTrue(verified.contains(WSConstants.SC), verified.toString());
    }

    /**
     * A redelivered message (same identifiant-message, new signature) gets the first acknowledgement,
     * marked doublon, and creates nothing.
     */
    @Test
    void answersARedeliveryWithTheFirstAcknowledgementMarkedDuplicate() throws ErreurDepot {
        String code = PmoSamples.newProjectCode();
        DepotFiches depot = PmoSamples.fiches(code);
        String messageId = depot.getEntete().getIdentifiantMessage();

        AccuseDepot first = gateway.deposerFiches(depot);
        AccuseDepot again = gateway.deposerFiches(depot);

        assertFalse(first.isDoublon());
        assertTrue(again.isDoublon());
        assertEquals(first.getRecuLe(), again.getRecuLe());
        assertEquals(first.getResultat().get(0).getReferencePmo(), again.getResultat().get(0).getReferencePmo());
        assertEquals(first.getResultat().get(0).getDecideLe(), again.getResultat().get(0).getDecideLe());
        assertEquals(1, pmo.rowsOfMessage("pmo_fiche", messageId));
        assertEquals(1, pmo.projects(code));
        assertEquals(2, arrival(messageId).deliveries());
    }

    /** Two deliveries of one message at the same moment record one deposit; both get the same reference. */
    @Test
    void recordsOneDepositWhenTheSameMessageArrivesTwiceAtOnce() throws InterruptedException, ExecutionException {
        String code = PmoSamples.newProjectCode();
        DepotFiches depot = PmoSamples.fiches(code);
        Depot otherConnection = TestPmo.client(service, "gateway");

        var first = CompletableFuture.supplyAsync(() -> deposit(gateway, depot));
        var second = CompletableFuture.supplyAsync(() -> deposit(otherConnection, depot));
        AccuseDepot a = first.get();
        AccuseDepot b = second.get();

        assertTrue(a.isDoublon() != b.isDoublon(), "exactly one is the first delivery");
        assertEquals(a.getResultat().get(0).getReferencePmo(), b.getResultat().get(0).getReferencePmo());
        assertEquals(1, pmo.rowsOfMessage("pmo_fiche", depot.getEntete().getIdentifiantMessage()));
        assertEquals(1, pmo.projects(code));
    }

    /** A later record of the same project (mise-a-jour, new message) keeps the project's PMO reference. */
    @Test
    void keepsThePmoReferenceWhenAProjectIsUpdated() throws ErreurDepot {
        String code = PmoSamples.newProjectCode();
        String reference = only(gateway.deposerFiches(PmoSamples.fiches(code))).getReferencePmo();
        DepotFiches update = PmoSamples.fiches(code);
        PmoSamples.projet(update).setOperation(OperationProjet.MISE_A_JOUR);

        ResultatDepot result = only(gateway.deposerFiches(update));

        assertEquals("accepte", result.getDecision());
        assertEquals(reference, result.getReferencePmo());
        observation(result, "PROJET-MIS-A-JOUR");
        assertEquals(1, pmo.projects(code));
    }

    /** An update (mise-a-jour) of a project the PMO never registered is rejected with a motive. */
    @Test
    void rejectsAnUpdateOfAnUnknownProject() throws ErreurDepot {
        DepotFiches update = PmoSamples.fiches(PmoSamples.newProjectCode());
        PmoSamples.projet(update).setOperation(OperationProjet.MISE_A_JOUR);

        ResultatDepot result = only(gateway.deposerFiches(update));

        assertRejected(result, "PROJET-INCONNU");
    }

    /** Funding sources that do not add up to the budget make the record inconsistent: rejected, no project created. */
    @Test
    void rejectsAProjectWhoseFundingDoesNotAddUpToItsBudget() throws ErreurDepot {
        String code = PmoSamples.newProjectCode();
        DepotFiches depot = PmoSamples.fiches(code);
        PmoSamples.projet(depot).getBudget().setMontant(new BigDecimal("300000000.00"));

        ResultatDepot result = only(gateway.deposerFiches(depot));

        assertRejected(result, "FINANCEMENT-INCOHERENT");
        assertEquals(0, pmo.projects(code));
    }

    /** A project reporting days of delay is accepted with an alert. */
    @Test
    void alertsOnALateProject() throws ErreurDepot {
        DepotFiches depot = PmoSamples.fiches(PmoSamples.newProjectCode());
        Retard retard = PmoSamples.projet(depot).getRetard();
        retard.setJours(PmoSamples.days(45));

        ResultatDepot result = only(gateway.deposerFiches(depot));

        assertEquals("accepte", result.getDecision());
        assertEquals("alerte", observation(result, "PROJET-EN-RETARD").getType());
    }

    /** A blocked project (state BL) is accepted with an alert. */
    @Test
    void alertsOnABlockedProject() throws ErreurDepot {
        DepotFiches depot = PmoSamples.fiches(PmoSamples.newProjectCode());
        PmoSamples.projet(depot).getEtat().setCode(CodeEtat.BL);

        ResultatDepot result = only(gateway.deposerFiches(depot));

        assertEquals("accepte", result.getDecision());
        assertEquals("alerte", observation(result, "PROJET-BLOQUE").getType());
    }

    /** The published monitoring update of a registered project is accepted, with the alert on its late milestone. */
    @Test
    void acceptsAMonitoringUpdateOfAKnownProjectWithItsMilestoneAlert() throws ErreurDepot {
        String code = PmoSamples.newProjectCode();
        String reference = only(gateway.deposerFiches(PmoSamples.fiches(code))).getReferencePmo();

        ResultatDepot result = only(gateway.deposerSituations(PmoSamples.situations(code)));

        assertEquals("accepte", result.getDecision());
        assertEquals(reference, result.getReferencePmo());
        assertEquals(PmoSamples.date("2026-10-31"), result.getDateArrete());
        assertEquals("alerte", observation(result, "JALON-EN-RETARD").getType());
    }

    /** A monitoring update of a project the PMO does not know is rejected with a motive, and recorded as such. */
    @Test
    void rejectsAMonitoringUpdateOfAnUnknownProject() throws ErreurDepot {
        DepotSituations depot = PmoSamples.situations(PmoSamples.newProjectCode());

        ResultatDepot result = only(gateway.deposerSituations(depot));

        assertRejected(result, "PROJET-INCONNU");
        assertEquals(1, pmo.rowsOfMessage("pmo_suivi", depot.getEntete().getIdentifiantMessage()));
    }

    /** A payload the PMO schema refuses is a permanent ErreurDepot naming where the problem is; nothing is recorded. */
    @Test
    void refusesAPayloadThatBreaksThePmoSchemaPermanently() {
        DepotFiches depot = PmoSamples.fiches("lower-case-is-not-a-code");

        ErreurDepot fault = assertThrows(ErreurDepot.class, () -> gateway.deposerFiches(depot));

        assertEquals("MESSAGE_INVALIDE", fault.getFaultInfo().getCode());
        assertFalse(fault.getFaultInfo().isTemporaire());
        String french = fault.getFaultInfo().getTexte().get(0).getValue();
        assertTrue(french.contains("/pmo:reference-externe[1] (ligne "), french);
        assertEquals(0, pmo.rowsOfMessage("pmo_depot", depot.getEntete().getIdentifiantMessage()));
    }

    /** During an outage every deposit is a temporary ErreurDepot, signed; after it, the same message is accepted. */
    @Test
    void answersTemporarilyUnavailableDuringAnOutage() throws ErreurDepot {
        DepotFiches depot = PmoSamples.fiches(PmoSamples.newProjectCode());
        service.failures().setOutage(true);

        ErreurDepot fault = assertThrows(ErreurDepot.class, () -> gateway.deposerFiches(depot));

        assertEquals("SERVICE_INDISPONIBLE", fault.getFaultInfo().getCode());
        assertTrue(fault.getFaultInfo().isTemporaire());
        assertTrue(TestPmo.verifiedActionsOfLastResponse(gateway).contains(WSConstants.SIGN));
        service.failures().setOutage(false);
        assertFalse(gateway.deposerFiches(depot).isDoublon());
    }

    /**
     * A certificate of the trusted CA that is not the gateway's (here Al Omrane Casablanca-Settat) is
     * refused, with nothing in the answer to say why; nothing is recorded.
     */
    @Test
    void refusesACallerOtherThanTheGateway() {
        Depot intruder = TestPmo.client(service, "ao-cs");
        DepotFiches depot = PmoSamples.fiches(PmoSamples.newProjectCode());

        WebServiceException refusal = assertThrows(WebServiceException.class, () -> intruder.deposerFiches(depot));

        assertFalse(refusal.getMessage().contains("ao-cs"), refusal.getMessage());
        assertEquals(0, pmo.rowsOfMessage("pmo_depot", depot.getEntete().getIdentifiantMessage()));
    }

    /** A certificate from a CA the PMO does not trust is refused by WS-Security itself; nothing is recorded. */
    @Test
    void refusesACallerCertifiedByAnUntrustedAuthority() {
        Depot intruder = TestPmo.client(service, "bad-untrusted");
        DepotFiches depot = PmoSamples.fiches(PmoSamples.newProjectCode());

        assertThrows(WebServiceException.class, () -> intruder.deposerFiches(depot));

        assertEquals(0, pmo.rowsOfMessage("pmo_depot", depot.getEntete().getIdentifiantMessage()));
    }

    private static AccuseDepot deposit(Depot client, DepotFiches depot) {
        try {
            return client.deposerFiches(depot);
        } catch (ErreurDepot e) {
            throw new IllegalStateException(e.getFaultInfo().getCode(), e);
        }
    }

    private static ResultatDepot only(AccuseDepot accuse) {
        assertEquals(1, accuse.getResultat().size());
        return accuse.getResultat().get(0);
    }

    private static Observation observation(ResultatDepot result, String code) {
        return result.getObservation().stream().filter(o -> o.getCode().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no observation " + code + " in " + codes(result)));
    }

    private static void assertRejected(ResultatDepot result, String motive) {
        assertEquals("rejete", result.getDecision());
        assertNull(result.getReferencePmo());
        assertEquals("motif-rejet", observation(result, motive).getType());
    }

    private static List<String> codes(ResultatDepot result) {
        return result.getObservation().stream().map(Observation::getCode).toList();
    }

    private static PmoArrival arrival(String messageId) {
        return service.arrivals().stream().filter(a -> a.messageId().equals(messageId)).findFirst().orElseThrow();
    }
}
