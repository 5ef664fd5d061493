package ma.pmogateway.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;

/**
 * Delivery throughput: how fast the delivery worker drains a backlog of accepted exchanges, each of
 * its own project, towards the in-process PMO reference service with the default {@code delivery.*}
 * settings, compared with how fast the same gateway accepted them in the same run.
 *
 * <p>The backlog is submitted with delivery off (signed SOAP 1.2 as AO-CS, one fiche per batch, from
 * {@value #SENDERS} client threads); the gateway then restarts on the same journal with delivery on.
 * Both rates come from the outbox's own timestamps (first to last {@code cree_le}, first to last
 * {@code livre_le}), so neither the restart nor this program's polling is counted.
 *
 * <p>Run (docs/BENCHMARKS.md): {@code mvn -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test} then {@code java -cp
 * target/test-classes:target/classes:$(cat target/bench.cp) ma.pmogateway.bench.DeliveryBenchmark 500}
 * (the argument is the backlog's size, 500 if omitted). Not a test: nothing here asserts a timing.
 */
public final class DeliveryBenchmark {

    private static final int SENDERS = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        System.out.printf(Locale.ROOT, "DeliveryBenchmark: %d cores, java %s, %d entries of distinct projects%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), entries);
        try (TestGateway gateway = TestGateway.start()) {
            submit(gateway.soap12Address(), entries);
            gateway.restart(Map.of("delivery.enabled", "true"));
            awaitDelivered(gateway, entries);
            try (Connection connection = gateway.journalConnection();
                    PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), MIN(cree_le), "
                            + "MAX(cree_le), MIN(livre_le), MAX(livre_le) FROM outbox WHERE etat = 'LIVRE'");
                    ResultSet row = select.executeQuery()) {
                row.next();
                int delivered = row.getInt(1);
                double accepted = perSecond(delivered, row.getTimestamp(2).toInstant(), row.getTimestamp(3).toInstant());
                double deliveries = perSecond(delivered, row.getTimestamp(4).toInstant(), row.getTimestamp(5).toInstant());
                System.out.printf(Locale.ROOT, "accepted %.1f/s, delivered %.1f/s, delivery/intake %.2f%n", accepted,
                        deliveries, deliveries / accepted);
            }
        }
    }

    /** Submits {@code entries} one-fiche batches, each of a new AO-CS project, from {@value #SENDERS} threads. */
    private static void submit(String address, int entries) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int sender = 0; sender < SENDERS; sender++) {
                int first = sender;
                sent.add(senders.submit(() -> {
                    SuiviProjets client = Clients.soap12(address, "ao-cs");
                    for (int i = first; i < entries; i += SENDERS) {
                        client.soumettreProjets(Payloads.fiche("01-vsb-hmr-casablanca.xml", "AO-CS-2026-" + (800_000 + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> batch : sent) {
                batch.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private static void awaitDelivered(TestGateway gateway, int entries) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (delivered(gateway) < entries) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not all delivered within " + PATIENCE);
            }
            Thread.sleep(200);
        }
    }

    private static int delivered(TestGateway gateway) throws SQLException {
        try (Connection connection = gateway.journalConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT COUNT(*) FROM outbox WHERE etat = 'LIVRE'");
                ResultSet row = count.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Returns the rate of {@code count} events spread from {@code first} to {@code last}. */
    private static double perSecond(int count, Instant first, Instant last) {
        return (count - 1) / (Duration.between(first, last).toNanos() / 1e9);
    }
}
