package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import javax.xml.datatype.DatatypeFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.RetourPMO;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.contract.ao.service.EtatTransmission;
import ma.pmogateway.contract.ao.service.RecupererRetours;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.journal.PmoArrival;

/**
 * Store and forward to the PMO reference service: accepted batches reach the PMO exactly once and in
 * order per project, through outages, and its feedback comes back to the sender in its own format.
 */
class DeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CASABLANCA = "01-vsb-hmr-casablanca.xml";
    /** Delivery on, with a poll interval that the patience could not wait out even once. */
    private static final Map<String, String> SLOW_POLLING = Map.of("delivery.enabled", "true",
            "delivery.poll-interval-ms", Long.toString(PATIENCE.multipliedBy(10).toMillis()));

    private TestGateway gateway;
    private SuiviProjets client;

    @BeforeEach
    void startGatewayWithDelivery() {
        startGateway(Map.of());
    }

    private void startGateway(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("delivery.enabled", "true",
                "delivery.poll-interval-ms", "100", "delivery.backoff-initial-ms", "100", "delivery.backoff-max-ms", "400",
                "delivery.max-attempts", "6"));
        settings.putAll(overrides);
        gateway = TestGateway.start(settings);
        client = Clients.soap12(gateway.soap12Address(), "ao-cs");
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @Test
    void deliversAnAcceptedBatchAndReturnsThePmoFeedback() throws Exception {
        AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));

        awaitDelivered(receipt);
        List<RetourPMO> feedback = client.recupererRetours(new RecupererRetours()).getRetourPMO();
        assertEquals(receipt.getElement().size(), feedback.size());
        assertTrue(feedback.stream().allMatch(r -> r.getIdentifiantEchange().equals(receipt.getIdentifiantEchange())));
        assertTrue(feedback.get(0).getReferencePMO() != null, "the PMO assigned a reference");
    }

    /**
     * The signed deposit as it left and the PMO's signed acknowledgement as it arrived are both kept, as
     * a link of the journal's chain.
     */
    @Test
    void keepsBothSignedMessagesOfTheDelivery() throws Exception {
        AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));
        awaitDelivered(receipt);

        try (java.sql.Connection connection = gateway.journalConnection();
                java.sql.PreparedStatement select = connection.prepareStatement(
                        "SELECT message_envoye, accuse_recu FROM livraison WHERE echange_id = ?")) {
            select.setString(1, receipt.getIdentifiantEchange());
            try (java.sql.ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                String sent = new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
                String acknowledgement = new String(row.getBytes(2), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(sent.contains("SignatureValue") && sent.contains("DeposerFiches>"), sent);
                assertTrue(acknowledgement.contains("SignatureConfirmation")
                        && acknowledgement.contains("DeposerFichesReponse>"), acknowledgement);
            }
        }
        assertEquals(List.of(), gateway.chainBreaks());
    }

    /**
     * Attack: a service holding a certificate from the gateway's own trusted CA (here AO-CS's) answers
     * in the PMO's place. Expected: its acknowledgements are refused (the PMO's certificate is pinned),
     * so nothing is marked delivered and the entry stays queued for the real PMO.
     */
    @Test
    void refusesAcknowledgementsNotSignedWithThePinnedPmoCertificate() throws Exception {
        gateway.close();
        startGateway(Map.of("pmo.sandbox.keystore", "certs/dev/ao-cs.p12", "pmo.sandbox.key-alias", "ao-cs"));
        AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));

        awaitTrue(() -> outboxAttempts() >= 2);

        assertTrue(gateway.pmo().arrivals().stream().anyMatch(a -> a.messageId().equals(receipt.getIdentifiantEchange())),
                "the impostor received the deposit: only its acknowledgement was refused");
        assertTrue(gateway.outbox().list(Outbox.State.LIVRE, 10).isEmpty(), "nothing marked delivered");
        assertEquals(EtatTransmission.EN_ATTENTE, client.consulterEchange(receipt.getIdentifiantEchange())
                .getTransmission());
    }

    @Test
    void deliversEverythingOnceThePmoComesBackFromAnOutage() throws Exception {
        gateway.pmo().failures().setOutage(true);
        AccuseReception fiches = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));
        AccuseReception situations = client.soumettreSituations(Payloads.situations("01-vsb-casablanca.xml"));
        awaitTrue(() -> outboxAttempts() >= 2);

        gateway.pmo().failures().setOutage(false);

        awaitDelivered(fiches);
        awaitDelivered(situations);
        List<PmoArrival> arrivals = gateway.pmo().arrivals();
        assertEquals(List.of(fiches.getIdentifiantEchange(), situations.getIdentifiantEchange()),
                arrivals.stream().map(PmoArrival::messageId).toList(), "one deposit each, fiches before situations");
    }

    /**
     * Situations of two projects, interleaved and queued during an outage, reach the PMO in the order
     * they were accepted, project by project.
     */
    @Test
    void deliversInterleavedSituationsInOrderPerProject() throws Exception {
        gateway.pmo().failures().setOutage(true);
        AccuseReception fiches = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));
        String first = submitSituation("AO-CS-2023-0042", "2026-09-30", "40.00");
        String other = submitSituation("AO-CS-2024-0107", "2026-09-30", "10.00");
        String second = submitSituation("AO-CS-2023-0042", "2026-10-31", "49.80");

        gateway.pmo().failures().setOutage(false);
        awaitTrue(() -> gateway.pmo().arrivals().size() == 4);

        List<String> arrived = gateway.pmo().arrivals().stream().map(PmoArrival::messageId).toList();
        assertTrue(arrived.indexOf(fiches.getIdentifiantEchange()) < arrived.indexOf(first), arrived.toString());
        assertTrue(arrived.indexOf(first) < arrived.indexOf(second), arrived.toString());
        assertTrue(arrived.indexOf(fiches.getIdentifiantEchange()) < arrived.indexOf(other), arrived.toString());
    }

    /** Submits the sample situation, re-aimed at {@code project} as of {@code asOf} with {@code progress} %. */
    private String submitSituation(String project, String asOf, String progress) throws Exception {
        EnvoiSituations envoi = Payloads.situations("01-vsb-casablanca.xml");
        SituationAvancement situation = envoi.getSituationAvancement().get(0);
        situation.setCodeProjet(project);
        situation.setDateArrete(DatatypeFactory.newInstance().newXMLGregorianCalendar(asOf));
        situation.setAvancementPhysique(new BigDecimal(progress));
        return client.soumettreSituations(envoi).getIdentifiantEchange();
    }

    /**
     * A backlog of more projects than delivery slots is delivered without waiting for the poll
     * interval, here longer than the test's patience: the worker claims again as soon as a slot is free.
     */
    @Test
    void deliversABacklogOfManyProjectsWithoutWaitingForThePollInterval() throws Exception {
        List<String> backlog = queueWithDeliveryOff(IntStream.rangeClosed(1, 13)
                .mapToObj(project -> Payloads.fiche(CASABLANCA, "AO-CS-2026-" + (1000 + project))).toList());

        gateway.restart(SLOW_POLLING);

        awaitTrue(() -> delivered() == backlog.size());
    }

    /**
     * A backlog of one project is delivered in order without waiting for the poll interval, here longer
     * than the test's patience: the worker claims the next entry as soon as the one before is delivered.
     */
    @Test
    void deliversABacklogOfOneProjectInOrderWithoutWaitingForThePollInterval() throws Exception {
        List<String> backlog = queueWithDeliveryOff(IntStream.rangeClosed(1, 5)
                .mapToObj(update -> Payloads.fiche(CASABLANCA, "AO-CS-2026-1000")).toList());

        gateway.restart(SLOW_POLLING);

        awaitTrue(() -> delivered() == backlog.size());
        assertEquals(backlog, gateway.pmo().arrivals().stream().map(PmoArrival::messageId).toList());
    }

    /** Restarts the gateway with delivery off, submits {@code batches} and returns their exchange ids, in order. */
    private List<String> queueWithDeliveryOff(List<EnvoiFichesProjets> batches) throws Exception {
        gateway.restart(Map.of("delivery.enabled", "false"));
        List<String> exchanges = new ArrayList<>();
        for (EnvoiFichesProjets batch : batches) {
            exchanges.add(client.soumettreProjets(batch).getIdentifiantEchange());
        }
        return exchanges;
    }

    private int delivered() {
        return gateway.outbox().list(Outbox.State.LIVRE, 100).size();
    }

    @Test
    void deadLettersAfterTheAttemptLimitAndDeliversWhenRequeued() throws Exception {
        gateway.pmo().failures().setOutage(true);
        AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));
        Outbox outbox = gateway.outbox();
        awaitTrue(() -> !outbox.list(Outbox.State.LETTRE_MORTE, 10).isEmpty());
        var state = client.consulterEchange(receipt.getIdentifiantEchange());
        assertEquals(EtatTransmission.EN_ECHEC, state.getTransmission());
        assertEquals(6, state.getElement().get(0).getNombreTentatives().intValue());

        gateway.pmo().failures().setOutage(false);
        assertTrue(outbox.requeue(outbox.list(Outbox.State.LETTRE_MORTE, 10).get(0).id(), Instant.now()));

        awaitDelivered(receipt);
        assertEquals(1, gateway.pmo().arrivals().size());
    }

    private int outboxAttempts() {
        return gateway.outbox().list(null, 10).stream().mapToInt(Outbox.Line::attempts).max().orElse(0);
    }

    private void awaitDelivered(AccuseReception receipt) {
        awaitTrue(() -> {
            try {
                return client.consulterEchange(receipt.getIdentifiantEchange()).getTransmission()
                        == EtatTransmission.TRANSMIS;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not reached within " + PATIENCE);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
