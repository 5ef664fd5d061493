package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.journal.Outbox;

/**
 * A clean stop (what SIGTERM runs) under load: from the moment it starts, new requests get the retryable
 * SERVICE_INDISPONIBLE, the requests under way are answered, deliveries under way end, and no request is
 * answered with a security or internal fault; every acknowledged batch is in the journal after the
 * restart and no delivery is left claimed (EN_COURS) to wait for its lease.
 */
class CleanStopIT {

    private static final int CLIENTS = 4;
    private static final Set<String> RETRYABLE = Set.of("SERVICE_INDISPONIBLE", "CONNEXION_FERMEE");

    /** On the default embedded journal (the PostgreSQL the gateway runs, stopped last) and on the H2 file. */
    @ParameterizedTest(name = "database.embedded-engine={0}")
    @ValueSource(strings = {"postgresql", "h2"})
    void aStopUnderLoadAnswersEveryRequestRetryablyOrAcknowledgesIt(String engine) throws Exception {
        TestGateway gateway = TestGateway.start(Map.of("delivery.enabled", "true", "delivery.poll-interval-ms", "50",
                "database.embedded-engine", engine));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger projects = new AtomicInteger();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-cs");
                clients.submit(() -> {
                    // Bounded: the stop comes after a few hundred requests at most.
                    for (int i = 0; i < 2_000 && running.get(); i++) {
                        String project = "AO-CS-2026-" + (70_000 + projects.incrementAndGet());
                        try {
                            acknowledged.add(client.soumettreProjets(Payloads.fiche("01-vsb-hmr-casablanca.xml",
                                    project)).getIdentifiantEchange());
                        } catch (Erreur e) {
                            faults.computeIfAbsent(e.getFaultInfo().getCode(), k -> new AtomicInteger()).incrementAndGet();
                        } catch (SOAPFaultException e) {
                            faults.computeIfAbsent(codeOf(e), k -> new AtomicInteger()).incrementAndGet();
                        } catch (WebServiceException e) {
                            // The port closed: nothing was answered, nothing acknowledged; a client retries.
                            faults.computeIfAbsent("CONNEXION_FERMEE", k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
            while (acknowledged.size() < 20) {
                Thread.sleep(20);
            }
            gateway.close();
        } finally {
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        }

        assertTrue(RETRYABLE.containsAll(faults.keySet()), "faults by code: " + faults);
        gateway.restart(Map.of("delivery.enabled", "false"));
        try {
            for (String exchange : acknowledged) {
                assertTrue(gateway.journal().findAccepted(exchange).isPresent(), exchange + " acknowledged, not journaled");
            }
            assertEquals(List.of(), gateway.outbox().list(Outbox.State.EN_COURS, 100),
                    "no delivery left claimed by the stopped node");
        } finally {
            gateway.close();
        }
    }

    /**
     * The gateway's code in an unsigned fault's detail (cm:DetailErreur/cm:Code); a fault CXF's client made
     * of its own transport failure (the connection closed while it wrote the request) is no answer at all.
     */
    private static String codeOf(SOAPFaultException fault) {
        if (fault.getFault().getDetail() != null) {
            NodeList codes = fault.getFault().getDetail().getElementsByTagNameNS("*", "Code");
            if (codes.getLength() > 0) {
                return ((Element) codes.item(0)).getTextContent();
            }
        }
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return "CONNEXION_FERMEE";
            }
        }
        return "SANS_CODE " + fault.getMessage();
    }
}
