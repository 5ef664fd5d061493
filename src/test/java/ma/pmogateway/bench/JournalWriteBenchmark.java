package ma.pmogateway.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import ma.pmogateway.error.Reason;
import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EmbeddedPostgresServer;
import ma.pmogateway.journal.GroupCommit;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.ResponseNature;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.support.Sha256;

/**
 * Journal write cost: durable commits per second of {@link Journal#recordRejected} and
 * {@link Journal#recordAccepted}, and accepted submissions per second with their receipt journaled
 * ({@link Journal#recordResponse}, a second link of the chain), with 1, 4 and 16 concurrent writers, on
 * H2 (file, WRITE_DELAY=0) and on an embedded PostgreSQL (synchronous_commit=on, fsync=on); each
 * journal operation twice, committed one append per transaction ({@code 1/tx}: a {@link GroupCommit} of
 * at most one unit, the path before group commit) and in groups ({@code grouped}: the database's own
 * {@link GroupCommit}, at most {@code database.group-commit-max-size} units); all compared, in the same
 * run and on the same database, with two floors:
 * <ul>
 * <li>{@code floor} — a bare single-row INSERT + COMMIT of a payload of the same size (one durable
 * commit per row, no chain lock);</li>
 * <li>{@code floor x16/tx} — sixteen such rows in one transaction: what batching concurrent journal
 * records into one commit can at best give.</li>
 * </ul>
 *
 * <p>Run (docs/BENCHMARKS.md): {@code mvn -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test} then {@code java -cp
 * target/test-classes:target/classes:$(cat target/bench.cp) ma.pmogateway.bench.JournalWriteBenchmark}.
 * Each operation is warmed up ({@code bench.warmup-ms}, default 1000), then every operation is measured in
 * turn, {@code bench.rounds} times (default 3) for {@code bench.measure-ms} each (default 2000): medians of
 * the rounds are printed, ratios are medians of the ratios within a round. Not a test: nothing here
 * asserts a timing.
 */
public final class JournalWriteBenchmark {

    private static final int[] WRITERS = {1, 4, 16};
    private static final int BATCH = 16;
    private static final int PAYLOAD_BYTES = 2048;
    private static final long WARMUP_MS = Long.getLong("bench.warmup-ms", 1000);
    private static final long MEASURE_MS = Long.getLong("bench.measure-ms", 2000);
    /** Rounds of every operation, one after the other: the machine's drift falls on all of them alike. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private static final AtomicLong IDS = new AtomicLong();

    private JournalWriteBenchmark() {
    }

    /** One unit of work: one call; returns how many records it wrote. */
    private interface Work {
        int run() throws SQLException;
    }

    /**
     * An operation measured: its work, the committer whose groups it commits in (null for the floors),
     * and the operation it is compared with (null if none).
     */
    private record Operation(Work work, GroupCommit committer, String baseline) {
    }

    /** What one measurement gave: calls/s, records/s, and chain appends per commit (0 for the floors). */
    private record Rate(double calls, double records, double appendsPerCommit) {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "JournalWriteBenchmark: %d cores, java %s, warm-up %d ms, %d rounds of "
                + "%d ms, payload %d bytes; medians of the rounds%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), WARMUP_MS, ROUNDS, MEASURE_MS, PAYLOAD_BYTES);
        Map<String, Map<String, String>> databases = new LinkedHashMap<>();
        databases.put("H2", Map.of("database.embedded-engine", "h2"));
        databases.put("PostgreSQL", Map.of("database.url", EmbeddedPostgresServer.newDatabase(), "database.user",
                EmbeddedPostgresServer.USER, "database.password", ""));
        System.out.printf(Locale.ROOT, "%-11s %-24s %7s %10s %10s %9s %15s %8s  %s%n", "database", "operation",
                "writers", "calls/s", "records/s", "vs floor", "appends/commit", "vs 1/tx", "records/s by round");
        for (Map.Entry<String, Map<String, String>> database : databases.entrySet()) {
            benchmark(database.getKey(), database.getValue());
        }
        System.exit(0);
    }

    private static void benchmark(String name, Map<String, String> settings) throws Exception {
        Path dataDir = Files.createTempDirectory("journal-bench");
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put("data-dir", dataDir.toString());
        overrides.put("database.pool-size", Integer.toString(WRITERS[WRITERS.length - 1] + 2));
        try (Database database = Database.open(GatewayConfig.load(null, Map.of(), overrides))) {
            DataSource dataSource = database.dataSource();
            createFloorTable(dataSource);
            GroupCommit alone = new GroupCommit(dataSource, 1);
            GroupCommit grouped = database.groupCommit();
            Journal perRecord = new Journal(alone, TestDatabase.VERSIONS);
            Journal inGroups = new Journal(grouped, TestDatabase.VERSIONS);
            byte[] payload = new byte[PAYLOAD_BYTES];
            Arrays.fill(payload, (byte) 'x');
            Map<String, Operation> operations = new LinkedHashMap<>();
            operations.put("floor", new Operation(() -> insertFloor(dataSource, payload, 1), null, null));
            operations.put("floor x" + BATCH + "/tx",
                    new Operation(() -> insertFloor(dataSource, payload, BATCH), null, null));
            operations.put("recordRejected 1/tx", new Operation(() -> recordRejected(perRecord), alone, null));
            operations.put("recordRejected grouped",
                    new Operation(() -> recordRejected(inGroups), grouped, "recordRejected 1/tx"));
            operations.put("recordAccepted 1/tx", new Operation(() -> recordAccepted(perRecord), alone, null));
            operations.put("recordAccepted grouped",
                    new Operation(() -> recordAccepted(inGroups), grouped, "recordAccepted 1/tx"));
            operations.put("accepted+answer 1/tx", new Operation(() -> acceptedAndAnswered(perRecord), alone, null));
            operations.put("accepted+answer grouped",
                    new Operation(() -> acceptedAndAnswered(inGroups), grouped, "accepted+answer 1/tx"));
            for (int writers : WRITERS) {
                for (Operation operation : operations.values()) {
                    measure(writers, WARMUP_MS, operation);
                }
                Map<String, List<Rate>> rounds = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (Map.Entry<String, Operation> operation : operations.entrySet()) {
                        rounds.computeIfAbsent(operation.getKey(), key -> new ArrayList<>())
                                .add(measure(writers, MEASURE_MS, operation.getValue()));
                    }
                }
                print(name, writers, operations, rounds);
            }
        }
    }

    /**
     * Prints one line per operation: the medians of its rounds, and its ratios to the floor and to its
     * baseline as medians of the ratios within each round (same moment of the machine).
     */
    private static void print(String database, int writers, Map<String, Operation> operations,
            Map<String, List<Rate>> rounds) {
        List<Rate> floor = rounds.get("floor");
        for (Map.Entry<String, List<Rate>> operation : rounds.entrySet()) {
            List<Rate> rates = operation.getValue();
            String baseline = operations.get(operation.getKey()).baseline();
            double appendsPerCommit = median(rates, Rate::appendsPerCommit);
            System.out.printf(Locale.ROOT, "%-11s %-24s %7d %10.0f %10.0f %8.2fx %15s %8s  %s%n", database,
                    operation.getKey(), writers, median(rates, Rate::calls), median(rates, Rate::records),
                    medianRatio(rates, floor), appendsPerCommit == 0 ? ""
                            : String.format(Locale.ROOT, "%.1f", appendsPerCommit),
                    baseline == null ? "" : String.format(Locale.ROOT, "%.2fx", medianRatio(rates, rounds.get(baseline))),
                    String.join(" / ", rates.stream().map(rate -> String.format(Locale.ROOT, "%.0f", rate.records()))
                            .toList()));
        }
    }

    private static double median(List<Rate> rates, java.util.function.ToDoubleFunction<Rate> figure) {
        double[] values = rates.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** The median over the rounds of {@code rates}' records/s divided by {@code baselines}' in the same round. */
    private static double medianRatio(List<Rate> rates, List<Rate> baselines) {
        double[] ratios = new double[rates.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = rates.get(i).records() / baselines.get(i).records();
        }
        Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }

    /** Runs {@code operation} on {@code writers} threads for {@code millis}. */
    private static Rate measure(int writers, long millis, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicLong calls = new AtomicLong();
        AtomicLong records = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch start = new CountDownLatch(1);
        long end = System.nanoTime() + millis * 1_000_000L;
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            runs.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                while (System.nanoTime() < end) {
                    records.addAndGet(operation.work().run());
                    calls.incrementAndGet();
                }
                return null;
            }));
        }
        ready.await();
        GroupCommit.Statistics before = statistics(operation);
        long begin = System.nanoTime();
        start.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        GroupCommit.Statistics after = statistics(operation);
        pool.shutdown();
        double appendsPerCommit = after.groups() == before.groups() ? 0
                : (double) (after.units() - before.units()) / (after.groups() - before.groups());
        return new Rate(calls.get() / seconds, records.get() / seconds, appendsPerCommit);
    }

    private static GroupCommit.Statistics statistics(Operation operation) {
        return operation.committer() == null ? new GroupCommit.Statistics(0, 0, 0, 0)
                : operation.committer().statistics();
    }

    private static void createFloorTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_plancher (id BIGINT PRIMARY KEY, donnees BYTEA NOT NULL)");
        }
    }

    private static int insertFloor(DataSource dataSource, byte[] payload, int rows) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO bench_plancher (id, donnees) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, IDS.incrementAndGet());
                insert.setBytes(2, payload);
                insert.executeUpdate();
            }
            connection.commit();
            connection.setAutoCommit(true);
        }
        return rows;
    }

    private static int recordRejected(Journal journal) {
        journal.recordRejected(request(), "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "bench");
        return 1;
    }

    private static int recordAccepted(Journal journal) {
        recordAccepted(journal, request());
        return 1;
    }

    /** What one accepted submission costs the journal: its record, then its receipt as a second link. */
    private static int acceptedAndAnswered(Journal journal) {
        ReceivedRequest request = request();
        recordAccepted(journal, request);
        journal.recordResponse(request.exchangeId(), ResponseNature.REPONSE, request.bytes(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return 1;
    }

    private static void recordAccepted(Journal journal, ReceivedRequest request) {
        journal.recordAccepted(request, new Submission("SoumettreSituations", "AO-CS", "AB",
                UUID.randomUUID().toString(), request.digest(),
                List.of(new Submission.Item(1, "AO-CS-2023-" + (IDS.incrementAndGet() % 1000), "SITUATION",
                        LocalDate.of(2026, 10, 31))),
                Map.of(), Map.of(), List.of(), new Submission.Delivery("DeposerSituations", request.bytes())),
                admission -> { });
    }

    /** A request of {@link #PAYLOAD_BYTES} bytes with a fresh exchange id. */
    private static ReceivedRequest request() {
        String id = UUID.randomUUID().toString();
        StringBuilder xml = new StringBuilder("<envoi id='").append(id).append("'>");
        while (xml.length() < PAYLOAD_BYTES - 8) {
            xml.append('x');
        }
        byte[] bytes = xml.append("</envoi>").toString().getBytes(StandardCharsets.UTF_8);
        return new ReceivedRequest(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), bytes, Sha256.hex(bytes));
    }
}
