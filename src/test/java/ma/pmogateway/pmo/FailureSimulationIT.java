package ma.pmogateway.pmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import jakarta.xml.ws.WebServiceException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.ws.ErreurDepot;

/**
 * The sandbox's deliberate misbehaviour, as a caller experiences it: HTTP 503 before any SOAP
 * processing, an acknowledgement lost after the deposit was committed (whose redelivery must be
 * answered doublon), and added latency. Each test publishes its own service on one shared port.
 */
class FailureSimulationIT {

    private static TestPmo pmo;

    @BeforeAll
    static void start() {
        pmo = TestPmo.start();
    }

    @AfterAll
    static void stop() {
        pmo.close();
    }

    /** With failures answered at the HTTP level, an outage is an HTTP 503; nothing is recorded. */
    @Test
    void answersHttp503DuringAnOutageWhenSoConfigured() {
        FailureSimulation failures = new FailureSimulation(0, 0, Duration.ZERO, FailureSimulation.Response.HTTP_503,
                new Random(1));
        failures.setOutage(true);
        PmoReferenceService service = pmo.publish("/pmo/http503/v1", failures);
        DepotFiches depot = PmoSamples.fiches(PmoSamples.newProjectCode());

        WebServiceException refusal = assertThrows(WebServiceException.class,
                () -> TestPmo.client(service, "gateway").deposerFiches(depot));

        assertTrue(causes(refusal).contains("503"), causes(refusal));
        assertEquals(0, pmo.rowsOfMessage("pmo_depot", depot.getEntete().getIdentifiantMessage()));
    }

    /** A random failure rate of 1 refuses every request as temporarily unavailable. */
    @Test
    void refusesEveryRequestAtAFailureRateOfOne() {
        PmoReferenceService service = pmo.publish("/pmo/always-failing/v1",
                new FailureSimulation(1, 0, Duration.ZERO, FailureSimulation.Response.FAULT, new Random(7)));

        ErreurDepot fault = assertThrows(ErreurDepot.class,
                () -> TestPmo.client(service, "gateway").deposerFiches(PmoSamples.fiches(PmoSamples.newProjectCode())));

        assertEquals("SERVICE_INDISPONIBLE", fault.getFaultInfo().getCode());
        assertTrue(fault.getFaultInfo().isTemporaire());
    }

    /**
     * The first acknowledgement is lost after the deposit was committed: the caller sees a temporary
     * fault, yet the project is registered; its redelivery gets the acknowledgement, marked doublon.
     */
    @Test
    void answersTheRedeliveryOfADepositWhoseAcknowledgementWasLostAsDuplicate() throws ErreurDepot {
        PmoReferenceService service = pmo.publish("/pmo/lossy/v1", new FailureSimulation(0, 0.5, Duration.ZERO,
                FailureSimulation.Response.FAULT, scripted(0.1, 0.9)));
        String code = PmoSamples.newProjectCode();
        DepotFiches depot = PmoSamples.fiches(code);

        ErreurDepot lost = assertThrows(ErreurDepot.class,
                () -> TestPmo.client(service, "gateway").deposerFiches(depot));
        AccuseDepot redelivered = TestPmo.client(service, "gateway").deposerFiches(depot);

        assertTrue(lost.getFaultInfo().isTemporaire());
        assertTrue(redelivered.isDoublon());
        assertEquals(service.referencePmo("AL-OMRANE", code),
                Optional.of(redelivered.getResultat().get(0).getReferencePmo()));
        assertEquals(1, pmo.projects(code));
    }

    /** The configured latency delays every answer by at least that much. */
    @Test
    void delaysEveryAnswerByTheConfiguredLatency() throws ErreurDepot {
        Duration latency = Duration.ofMillis(400);
        PmoReferenceService service = pmo.publish("/pmo/slow/v1",
                new FailureSimulation(0, 0, latency, FailureSimulation.Response.FAULT, new Random(3)));
        var client = TestPmo.client(service, "gateway");
        client.deposerFiches(PmoSamples.fiches(PmoSamples.newProjectCode())); // warm-up: first call builds the client

        long start = System.nanoTime();
        AccuseDepot accuse = client.deposerFiches(PmoSamples.fiches(PmoSamples.newProjectCode()));

        assertFalse(accuse.isDoublon());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(latency) >= 0);
    }

    /** The messages of {@code failure} and of its causes, one per line. */
    private static String causes(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** A random source that returns the given draws in order, then the last one forever. */
    private static Random scripted(double... draws) {
        return new Random() {
            private static final long serialVersionUID = 1L;
            private int next;

            @Override
            public double nextDouble() {
                return draws[Math.min(next++, draws.length - 1)];
            }
        };
    }
}
