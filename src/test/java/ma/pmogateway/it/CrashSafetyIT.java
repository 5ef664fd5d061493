package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.TestDatabase;

/**
 * A message we acknowledged is never lost and reaches the PMO exactly once: the gateway (with its PMO
 * reference service) runs in its own JVM, receives signed submissions from several client threads,
 * is killed with SIGKILL mid-run and started again; the clients retry until acknowledged. Every
 * receipt given, before or after the kill, must name an accepted exchange of the journal, and each
 * accepted exchange must have been deposited at the PMO once (redeliveries after the kill are
 * recognised by their message id). The test prints sent / acknowledged / journaled / delivered /
 * duplicates.
 */
class CrashSafetyIT {

    private static final int SUBMISSIONS = 200;
    private static final int KILL_AFTER_RECEIPTS = 60;
    /** Clients give up on a submission after this; the test then fails on the missing receipt. */
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedSubmissionSurvivesAKill() throws Exception {
        int port = TestPorts.free();
        Path config = writeConfig(port);
        String address = "http://127.0.0.1:" + port + "/services/suivi-projets/v1";
        List<String> receipts = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();

        Process gateway = startGateway(config, address);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        Instant deadline = Instant.now().plus(PATIENCE);
        for (int i = 0; i < SUBMISSIONS; i++) {
            clients.execute(() -> submit(address, deadline, sent, receipts));
        }
        while (receipts.size() < KILL_AFTER_RECEIPTS && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        gateway.destroyForcibly().waitFor();
        int acknowledgedBeforeKill = receipts.size();
        gateway = startGateway(config, address);
        clients.shutdown();
        assertTrue(clients.awaitTermination(5, TimeUnit.MINUTES), "clients finished");
        try (Database database = Database.open(GatewayConfig.load(null, Map.of(),
                Map.of("database.url", databaseUrl())))) {
            awaitOutboxDrained(database, deadline);
            gateway.destroy();
            gateway.waitFor();
            Journal journal = new Journal(database.groupCommit(), TestDatabase.VERSIONS);
            long journaled = receipts.stream().filter(id -> journal.verdictOf(id).filter(Verdict.ACCEPTE::equals).isPresent())
                    .count();
            Map<String, Integer> deposits = deposits(database);
            long delivered = receipts.stream().filter(deposits::containsKey).count();
            int duplicates = deposits.values().stream().mapToInt(times -> times - 1).sum();
            System.out.printf("crash test: sent %d, acknowledged %d (%d before SIGKILL), journaled %d, delivered %d,"
                    + " redeliveries deduplicated by the PMO %d%n", sent.get(), receipts.size(), acknowledgedBeforeKill,
                    journaled, delivered, duplicates);
            assertEquals(SUBMISSIONS, receipts.size(), "every submission ends acknowledged");
            assertEquals(receipts.size(), journaled);
            assertEquals(Set.copyOf(receipts), deposits.keySet(), "each accepted exchange deposited, nothing else");
        }
    }

    /**
     * Sends one fresh batch until it is acknowledged, as a real client would: each attempt is newly
     * signed, with the same batch id, so an attempt whose receipt was lost in the kill is answered with
     * the original receipt after the restart.
     */
    private static void submit(String address, Instant deadline, AtomicInteger sent, List<String> receipts) {
        SuiviProjets client = Clients.soap12(address, "ao-cs");
        EnvoiFichesProjets envoi = Payloads.fiches("01-vsb-hmr-casablanca.xml");
        sent.incrementAndGet();
        while (Instant.now().isBefore(deadline)) {
            try {
                receipts.add(client.soumettreProjets(envoi).getIdentifiantEchange());
                return;
            } catch (Exception notAcknowledged) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The gateway's H2 journal, opened in mixed mode so that the test can read it while the gateway runs. */
    private String databaseUrl() {
        return "jdbc:h2:file:" + work.resolve("data/journal") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    private static void awaitOutboxDrained(Database database, Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline.plus(PATIENCE))) {
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet pending = statement.executeQuery("SELECT COUNT(*) FROM outbox WHERE etat <> 'LIVRE'")) {
                pending.next();
                if (pending.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the outbox was not drained");
    }

    /** How many times the PMO received each message id (its own register). */
    private static Map<String, Integer> deposits(Database database) throws Exception {
        Map<String, Integer> deposits = new java.util.HashMap<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT identifiant_message, livraisons FROM pmo_depot")) {
            while (rows.next()) {
                deposits.put(rows.getString(1), rows.getInt(2));
            }
        }
        return deposits;
    }

    private Path writeConfig(int port) throws IOException {
        Path registry = work.resolve("senders.properties");
        Files.writeString(registry, "sender.AO-CS.certificate=" + Identities.certificateFile("ao-cs") + "\n"
                + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n");
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, String.join("\n",
                "server.port=" + port,
                "admin.port=0",
                "data-dir=" + work.resolve("data"),
                "database.url=" + databaseUrl(),
                "security.sender-registry=" + registry,
                "delivery.poll-interval-ms=100",
                "delivery.lease-seconds=5", ""));
        return config;
    }

    /** Starts {@code java -jar target/pmo-gateway.jar serve} and waits until it publishes its WSDL. */
    private Process startGateway(Path config, String address) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", Path.of("target/pmo-gateway.jar").toString(),
                "serve", "--dev", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("gateway.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> wsdl = http.send(HttpRequest.newBuilder(URI.create(address + "?wsdl")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (wsdl.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("gateway did not start: " + Files.readString(work.resolve("gateway.log")));
    }
}
