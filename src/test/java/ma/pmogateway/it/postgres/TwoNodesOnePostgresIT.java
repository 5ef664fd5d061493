package ma.pmogateway.it.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.service.EtatTransmission;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.journal.ChainVerifier;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EmbeddedPostgresServer;
import ma.pmogateway.pmo.Arrival;

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
        Map<String, List<Arrival>> arrivals = first.pmo().arrivals().stream()
                .collect(Collectors.groupingBy(Arrival::messageId));
        List<Arrival> redelivered = arrivals.values().stream().flatMap(List::stream)
                .filter(arrival -> arrival.deliveries() > 1).toList();
        System.out.printf("two nodes: %d exchanges, %d arrivals, %d redelivered (deduplicated by the PMO): %s%n",
                exchanges.size(), arrivals.size(), redelivered.size(), redelivered);

        assertEquals(exchanges.stream().sorted().toList(), arrivals.keySet().stream().sorted().toList(),
                "one arrival per accepted exchange");
        assertEquals(List.of(), arrivals.values().stream().filter(list -> list.size() != 1).toList(),
                "no message arrived twice");
        assertEquals(List.of(), verifyChain());
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
