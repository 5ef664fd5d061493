package ma.pmogateway.it.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.service.EtatTransmission;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.journal.ChainVerifier;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EmbeddedPostgresServer;
import ma.pmogateway.journal.PmoArrival;

/**
 * Two gateway nodes on one PostgreSQL journal, both delivering: batches submitted to either node, at
 * the same time, reach the PMO exactly once each, and the nodes' records form one intact hash chain.
 *
 * <p>Both nodes deliver to the first node's PMO reference service, so that every deposit lands in one
 * register. The PMO deduplicates on the message id, so a second delivery of an entry would not show as
 * a second arrival but as {@code deliveries > 1}; those are counted and printed.
 */
class TwoNodesOnePostgresIT {

    private static final int BATCHES = 20;
    /** Copies of one batch sent at once, alternately to each node. */
    private static final int COPIES = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Map<String, String> DELIVERY = Map.of("delivery.enabled", "true",
            "delivery.poll-interval-ms", "100", "delivery.backoff-initial-ms", "100", "delivery.backoff-max-ms", "400",
            "pmo.sandbox.enabled", "true");

    private String journalUrl;
    private TestGateway first;
    private TestGateway second;

    @BeforeEach
    void startTwoNodesOnOneDatabase() {
        journalUrl = EmbeddedPostgresServer.newDatabase();
        first = TestGateway.start(node(null));
        second = TestGateway.start(node(first.pmo().address()));
    }

    @AfterEach
    void stopNodes() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void deliversEveryBatchOnceWhenTwoNodesShareTheJournal() throws Exception {
        List<String> exchanges = submitAlternately();

        for (String exchange : exchanges) {
            awaitTransmitted(exchange);
        }
        Map<String, List<PmoArrival>> arrivals = first.pmo().arrivals().stream()
                .collect(Collectors.groupingBy(PmoArrival::messageId));
        List<PmoArrival> redelivered = arrivals.values().stream().flatMap(List::stream)
                .filter(arrival -> arrival.deliveries() > 1).toList();
        System.out.printf("two nodes: %d exchanges, %d arrivals, %d redelivered (deduplicated by the PMO): %s%n",
                exchanges.size(), arrivals.size(), redelivered.size(), redelivered);

        assertEquals(exchanges.stream().sorted().toList(), arrivals.keySet().stream().sorted().toList(),
                "one arrival per accepted exchange");
        assertEquals(List.of(), arrivals.values().stream().filter(list -> list.size() != 1).toList(),
                "no message arrived twice");
        assertEquals(List.of(), verifyChain());
    }

    /**
     * A client that did not get its receipt sends the batch again, and again, to both nodes at once:
     * accepted once; every other copy is answered with the original receipt and recorded DOUBLON, never
     * ENVOI_EN_DOUBLE. The same batch id with other content is still ENVOI_EN_DOUBLE, recorded under
     * that batch id.
     */
    @Test
    void concurrentCopiesOfOneBatchOnTwoNodesAreAcceptedOnce() throws Exception {
        EnvoiFichesProjets batch = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        String batchId = batch.getEnTete().getIdentifiantEnvoi();
        List<SuiviProjets> clients = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            clients.add(Clients.soap12((copy % 2 == 0 ? first : second).soap12Address(), "ao-cs"));
        }
        ExecutorService senders = Executors.newFixedThreadPool(COPIES);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> receipts = new ArrayList<>();
        try {
            for (SuiviProjets client : clients) {
                receipts.add(senders.submit(() -> {
                    go.await();
                    return client.soumettreProjets(batch).getIdentifiantEchange();
                }));
            }
            go.countDown();
            Set<String> exchanges = new java.util.HashSet<>();
            for (Future<String> receipt : receipts) {
                exchanges.add(receipt.get());
            }
            assertEquals(1, exchanges.size(), "every copy answered with the one original receipt: " + exchanges);
            assertEquals(Map.of("ACCEPTE", 1, "DOUBLON", COPIES - 1), verdictsOf(batchId));
        } finally {
            senders.shutdown();
        }

        batch.getFicheProjet().remove(1);
        Erreur refused = assertThrows(Erreur.class, () -> clients.get(1).soumettreProjets(batch));
        assertEquals("ENVOI_EN_DOUBLE", refused.getFaultInfo().getCode());
        assertEquals(Map.of("ACCEPTE", 1, "DOUBLON", COPIES - 1, "REJETE", 1), verdictsOf(batchId),
                "the refusal recorded under the batch id");
        assertEquals(List.of(), verifyChain());
    }

    /** How many records of each verdict the journal holds for {@code batchId}. */
    private Map<String, Integer> verdictsOf(String batchId) throws Exception {
        Map<String, Integer> verdicts = new java.util.TreeMap<>();
        try (java.sql.Connection connection = first.journalConnection();
                java.sql.PreparedStatement select = connection.prepareStatement(
                        "SELECT verdict, COUNT(*) FROM echange WHERE identifiant_envoi = ? GROUP BY verdict")) {
            select.setString(1, batchId);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    verdicts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return verdicts;
    }

    /** Submits the batches from two threads, one per node, and returns the exchange ids acknowledged. */
    private List<String> submitAlternately() throws Exception {
        List<String> exchanges = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (TestGateway node : List.of(first, second)) {
                SuiviProjets client = Clients.soap12(node.soap12Address(), "ao-cs");
                runs.add(senders.submit(() -> {
                    for (int i = 0; i < BATCHES / 2; i++) {
                        exchanges.add(client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"))
                                .getIdentifiantEchange());
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            senders.shutdown();
        }
        assertEquals(BATCHES, exchanges.size());
        return exchanges;
    }

    private Map<String, String> node(String pmoAddress) {
        Map<String, String> settings = new java.util.HashMap<>(DELIVERY);
        settings.put("database.url", journalUrl);
        settings.put("database.user", EmbeddedPostgresServer.USER);
        settings.put("database.password", "");
        if (pmoAddress != null) {
            settings.put("pmo.address", pmoAddress);
        }
        return settings;
    }

    private void awaitTransmitted(String exchange) throws Exception {
        SuiviProjets client = Clients.soap12(first.soap12Address(), "ao-cs");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (client.consulterEchange(exchange).getTransmission() != EtatTransmission.TRANSMIS) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(exchange + " not transmitted within " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, Integer> claimsPerWorker(Database database) throws Exception {
        Map<String, Integer> claims = new java.util.TreeMap<>();
        try (java.sql.Connection connection = database.dataSource().getConnection();
                java.sql.ResultSet rows = connection.createStatement()
                        .executeQuery("SELECT pris_par, COUNT(*) FROM outbox GROUP BY pris_par")) {
            while (rows.next()) {
                claims.put(rows.getString(1), rows.getInt(2));
            }
        }
        return claims;
    }

    private List<ChainVerifier.Break> verifyChain() throws Exception {
        Path dataDir = Files.createTempDirectory("pmo-gateway-chain");
        try (Database database = Database.open(GatewayConfig.load(null, Map.of(), Map.of("data-dir",
                dataDir.toString(), "database.url", journalUrl, "database.user", EmbeddedPostgresServer.USER,
                "database.password", "")))) {
            System.out.println("two nodes: outbox entries claimed per delivery worker: " + claimsPerWorker(database));
            return new ChainVerifier(database.dataSource()).verify();
        }
    }
}
