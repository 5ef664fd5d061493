package ma.pmogateway.it.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.service.EtatTransmission;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.GatewayProcess;
import ma.pmogateway.it.Identities;
import ma.pmogateway.it.TestPorts;
import ma.pmogateway.journal.Database;

/**
 * The kill campaign (docs/JOURNAL.md): real gateway JVMs under signed load from several clients,
 * killed with SIGKILL at random moments and started again on the same data, then judged from the
 * clients' own records. Every acknowledged batch must be journaled as accepted once and deposited at
 * the PMO (the sandbox, whose register is in the journal's database) once, in order per project;
 * {@code audit verify} must be clean; every restart must answer, and the load must move again, within
 * a bound (generous: the machine may be shared and slow; a wedge does not end).
 *
 * <p>The load covers every write path at every kill: acceptance and answer journaling (requests under
 * way), delivery to the PMO sandbox (polled every 100 ms, so entries are in delivery almost all the
 * time) and checkpoints (every second). The moment of each kill is drawn from a seeded generator,
 * printed so that a run can be repeated.
 *
 * <p>Run by {@code scripts/kill-campaign}, and by {@code KillCampaignIT} in a small bounded run.
 */
public final class KillCampaign {

    /**
     * What to run. A restart that does not answer, or after which no batch is acknowledged, within
     * {@code wedgeBound} is a wedge. Kills are dealt until {@code kills} are, or for {@code dealingTime}
     * (a long run cut to the time there is; the campaign then judges what it did).
     */
    public record Settings(CampaignEngine engine, int kills, int clients, int nodes, long seed,
            Duration maxKillDelay, Duration wedgeBound, Duration dealingTime, Path work) {

        public Settings {
            if (nodes > 1 && !engine.shared()) {
                throw new IllegalArgumentException(engine + " journal cannot be shared by " + nodes + " nodes");
            }
            if (clients < 1 || clients > 9 || nodes < 1 || kills < 0) {
                throw new IllegalArgumentException("clients 1-9, nodes >= 1, kills >= 0");
            }
        }
    }

    /** What the campaign found. The crash promise holds when {@link #holds()}. */
    public record Result(int kills, int killsWithRequestsUnderWay, int acknowledged, int attempts, int lost,
            int undelivered, int duplicates, int outOfOrder, int redeliveries, int auditProblems, int wedges,
            List<String> refusals, Map<String, Integer> retryableFaults, Duration longestRestart,
            Storage storage) {

        public boolean holds() {
            return lost == 0 && undelivered == 0 && duplicates == 0 && outOfOrder == 0 && auditProblems == 0
                    && wedges == 0 && refusals.isEmpty();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "kills %d (%d with requests under way), acknowledged %d (attempts %d),"
                    + " lost %d, undelivered %d, duplicates %d, out of order %d, audit problems %d, wedges %d,"
                    + " refusals %d, redeliveries deduplicated by the PMO %d, longest restart %.1f s, retryable faults %s,"
                    + " %s", kills, killsWithRequestsUnderWay, acknowledged, attempts, lost, undelivered, duplicates,
                    outOfOrder, auditProblems, wedges, refusals.size(), redeliveries, longestRestart.toMillis() / 1000.0,
                    retryableFaults, storage);
        }
    }

    /**
     * File growth: the bytes of the requests the journal holds, against what the first node's data
     * directory takes on disk while the gateway still runs ({@code tables}: PostgreSQL's {@code base},
     * without its write-ahead log; the H2 file).
     */
    public record Storage(long requestBytes, long dataDirBytes, long tableBytes) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "requests %d KB, data dir %d KB (%.1fx), tables %d KB (%.1fx)",
                    requestBytes / 1024, dataDirBytes / 1024, (double) dataDirBytes / Math.max(1, requestBytes),
                    tableBytes / 1024, (double) tableBytes / Math.max(1, requestBytes));
        }
    }

    private final Settings settings;
    private final Random random;
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final List<CampaignClient> clients = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private int kills;
    private int killsWithRequestsUnderWay;
    private int wedges;
    private Duration longestRestart = Duration.ZERO;

    private KillCampaign(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /** Runs a campaign and returns its findings. */
    public static Result run(Settings settings) throws Exception {
        Files.createDirectories(settings.work());
        settings.engine().start(settings.work());
        try {
            return new KillCampaign(settings).run();
        } finally {
            settings.engine().stop();
        }
    }

    private Result run() throws Exception {
        for (int node = 0; node < settings.nodes(); node++) {
            nodes.add(node(node));
        }
        for (GatewayProcess node : nodes) {
            node.startOrFail();
        }
        Instant deadline = Instant.now().plus(settings.wedgeBound().multipliedBy(settings.kills() + 2L));
        List<String> addresses = nodes.stream().map(GatewayProcess::address).toList();
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
        for (int number = 1; number <= settings.clients(); number++) {
            CampaignClient client = new CampaignClient(number, addresses, loading::get, deadline, inFlight);
            clients.add(client);
            pool.execute(client);
        }
        // A wedge ends the dealing of kills: what follows would not be a campaign of kill-and-restart any more.
        Instant dealingEnds = Instant.now().plus(settings.dealingTime());
        for (int kill = 0; kill < settings.kills() && wedges == 0 && Instant.now().isBefore(dealingEnds); kill++) {
            if (!awaitProgress()) {
                break;
            }
            Thread.sleep(random.nextLong(settings.maxKillDelay().toMillis() + 1));
            GatewayProcess victim = nodes.get(random.nextInt(nodes.size()));
            if (inFlight.get() > 0) {
                killsWithRequestsUnderWay++;
            }
            victim.kill();
            kills++;
            restart(victim);
            if ((kill + 1) % 10 == 0) {
                System.out.printf("kill campaign: %d kills, %d acknowledged%n", kill + 1, acknowledged());
            }
        }
        awaitProgress();
        loading.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(settings.wedgeBound().toMillis(), TimeUnit.MILLISECONDS)) {
            wedge("clients did not finish their last batch");
            pool.shutdownNow();
        }
        return judge();
    }

    private GatewayProcess node(int number) throws IOException {
        int port = TestPorts.free();
        Path dir = settings.work().resolve("node-" + number);
        Files.createDirectories(dir);
        Path registry = dir.resolve("senders.properties");
        Files.writeString(registry, "sender.AO-CS.certificate=" + Identities.certificateFile("ao-cs") + "\n"
                + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("server.port", Integer.toString(port));
        // The operator's port too is chosen by the system: nodes, and restarts, must not contend for one.
        config.put("admin.port", "0");
        // One data directory for an unshared journal: each restart opens the files the killed node left.
        config.put("data-dir", (settings.engine().shared() ? dir : settings.work()).resolve("data").toString());
        config.put("security.sender-registry", registry.toString());
        config.put("delivery.poll-interval-ms", "100");
        config.put("delivery.backoff-initial-ms", "100");
        config.put("delivery.backoff-max-ms", "1000");
        config.put("delivery.lease-seconds", "5");
        config.put("audit.checkpoint-interval-seconds", "1");
        config.putAll(settings.engine().settings());
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        return new GatewayProcess(file, "http://127.0.0.1:" + port + "/services/suivi-projets/v1",
                dir.resolve("gateway.log"));
    }

    private void restart(GatewayProcess node) throws IOException, InterruptedException {
        Optional<Duration> took = node.start(settings.wedgeBound());
        if (took.isEmpty()) {
            wedge(node.address() + ": a restart did not answer");
            return;
        }
        if (took.get().compareTo(longestRestart) > 0) {
            longestRestart = took.get();
        }
    }

    /**
     * Waits until one more batch is acknowledged; a wedge if none is within the bound. False also when
     * every client has stopped (refused batches, judged as such): nothing would move the load again.
     */
    private boolean awaitProgress() throws InterruptedException {
        int before = acknowledged();
        Instant deadline = Instant.now().plus(settings.wedgeBound());
        while (acknowledged() == before) {
            if (clients.stream().allMatch(CampaignClient::finished)) {
                System.out.println("kill campaign: every client has stopped after " + kills + " kills");
                return false;
            }
            if (Instant.now().isAfter(deadline)) {
                wedge("no batch acknowledged");
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void wedge(String what) {
        wedges++;
        System.out.println("kill campaign: WEDGE after " + kills + " kills: " + what + " within "
                + settings.wedgeBound().toSeconds() + " s");
    }

    private int acknowledged() {
        // Racy reads of the clients' lists: only their growth matters here.
        return clients.stream().mapToInt(client -> client.acknowledged().size()).sum();
    }

    private Result judge() throws Exception {
        List<CampaignClient.Acknowledgement> acks = clients.stream().flatMap(c -> c.acknowledged().stream()).toList();
        awaitDelivered(acks);
        Path dataDir = GatewayConfig.load(nodes.get(0).config(), Map.of(), Map.of()).path("data-dir");
        long dataDirBytes = bytesUnder(dataDir);
        long tableBytes = Files.isDirectory(dataDir.resolve("postgres/base")) ? bytesUnder(dataDir.resolve("postgres/base"))
                : Files.exists(dataDir.resolve("journal.mv.db")) ? Files.size(dataDir.resolve("journal.mv.db")) : 0;
        for (GatewayProcess node : nodes) {
            node.stop();
        }
        GatewayProcess.CommandResult audit = nodes.get(0).run("audit", "verify");
        int auditProblems = (int) audit.output().lines().filter(line -> line.startsWith("PROBLEM ")).count();
        if (audit.exitCode() != 0 && auditProblems == 0) {
            auditProblems = 1;
        }
        if (auditProblems > 0) {
            System.out.println(audit.output());
        }
        try (Database database = Database.open(GatewayConfig.load(nodes.get(0).config(), Map.of(), Map.of()))) {
            Map<String, List<String>> acceptedByBatch = acceptedByBatch(database);
            Map<String, Deposit> deposits = deposits(database);
            Set<String> acknowledgedExchanges = acks.stream().map(CampaignClient.Acknowledgement::exchangeId)
                    .collect(Collectors.toSet());
            int lost = (int) acks.stream().filter(ack -> !acceptedByBatch.getOrDefault(ack.batchId(), List.of())
                    .contains(ack.exchangeId())).count();
            int duplicates = acceptedByBatch.values().stream().mapToInt(accepted -> accepted.size() - 1).sum()
                    + (int) deposits.keySet().stream().filter(id -> !acknowledgedExchanges.contains(id)).count();
            int undelivered = (int) acknowledgedExchanges.stream().filter(id -> !deposits.containsKey(id)).count();
            int redeliveries = deposits.values().stream().mapToInt(deposit -> deposit.deliveries() - 1).sum();
            int attempts = clients.stream().mapToInt(CampaignClient::attempts).sum();
            List<String> refusals = clients.stream().flatMap(c -> c.refusals().stream()).toList();
            Map<String, Integer> faults = new java.util.TreeMap<>();
            clients.forEach(client -> client.faults().forEach((code, count) -> faults.merge(code, count, Integer::sum)));
            return new Result(kills, killsWithRequestsUnderWay, acks.size(), attempts, lost, undelivered,
                    duplicates, outOfOrder(acks, deposits), redeliveries, auditProblems, wedges, refusals, faults,
                    longestRestart, new Storage(requestBytes(database), dataDirBytes, tableBytes));
        }
    }

    /**
     * Waits until the gateway reports every acknowledged exchange transmitted; a wedge if the oldest one
     * still pending is not transmitted within the bound. The bound runs from the last progress, not from
     * the start: asking is one signed request per exchange, and a long run's thousands of questions take
     * longer than the bound even when everything was delivered before the first.
     */
    private void awaitDelivered(List<CampaignClient.Acknowledgement> acks) throws InterruptedException {
        // A node killed for a wedge stays down: ask one that runs (with several nodes, the others deliver).
        GatewayProcess live = nodes.stream().filter(GatewayProcess::alive).findFirst().orElse(nodes.get(0));
        SuiviProjets client = Clients.soap12(live.address(), "ao-cs");
        List<String> pending = new ArrayList<>(acks.stream().map(CampaignClient.Acknowledgement::exchangeId).toList());
        Instant deadline = Instant.now().plus(settings.wedgeBound());
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                if (client.consulterEchange(pending.get(0)).getTransmission() == EtatTransmission.TRANSMIS) {
                    pending.remove(0);
                    deadline = Instant.now().plus(settings.wedgeBound());
                    continue;
                }
            } catch (Erreur | RuntimeException notYet) {
                // Retry below.
            }
            Thread.sleep(100);
        }
        if (!pending.isEmpty()) {
            wedge(pending.size() + " acknowledged exchanges not transmitted to the PMO, and none more");
        }
    }

    /** Counts the projects whose deposits did not arrive in the order their batches were acknowledged. */
    private static int outOfOrder(List<CampaignClient.Acknowledgement> acks, Map<String, Deposit> deposits) {
        Map<String, List<CampaignClient.Acknowledgement>> byProject = acks.stream()
                .collect(Collectors.groupingBy(CampaignClient.Acknowledgement::project));
        int outOfOrder = 0;
        for (List<CampaignClient.Acknowledgement> project : byProject.values()) {
            long previous = Long.MIN_VALUE;
            for (CampaignClient.Acknowledgement ack : project) {
                Deposit deposit = deposits.get(ack.exchangeId());
                if (deposit == null) {
                    continue;
                }
                if (deposit.rank() < previous) {
                    outOfOrder++;
                    break;
                }
                previous = deposit.rank();
            }
        }
        return outOfOrder;
    }

    /** The exchanges accepted for each batch id, from the journal. */
    private static Map<String, List<String>> acceptedByBatch(Database database) throws SQLException {
        Map<String, List<String>> accepted = new HashMap<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT identifiant_envoi, id FROM echange WHERE verdict = 'ACCEPTE'")) {
            while (rows.next()) {
                accepted.computeIfAbsent(rows.getString(1).trim(), batch -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return accepted;
    }

    /** The bytes of every request the journal holds, as received. */
    private static long requestBytes(Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet sum = statement.executeQuery("SELECT SUM(OCTET_LENGTH(requete)) FROM echange")) {
            sum.next();
            return sum.getLong(1);
        }
    }

    /** The bytes of the files under {@code dir}, skipping the PostgreSQL binaries unpacked there. */
    private static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            // A node on a shared PostgreSQL writes under its data directory only what the database could not take.
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(file -> !file.startsWith(dir.resolve("postgres-binaries")))
                    .filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** One message in the PMO sandbox's register: its rank of first arrival and how often it came. */
    private record Deposit(long rank, int deliveries) {
    }

    private static Map<String, Deposit> deposits(Database database) throws SQLException {
        Map<String, Deposit> deposits = new HashMap<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT identifiant_message, rang_arrivee, livraisons FROM pmo_depot")) {
            while (rows.next()) {
                deposits.put(rows.getString(1), new Deposit(rows.getLong(2), rows.getInt(3)));
            }
        }
        return deposits;
    }

    /**
     * {@code KillCampaign [--engine embedded_postgresql|h2|postgresql] [--kills N] [--clients N]
     * [--nodes N] [--seed S] [--max-kill-delay-ms MS] [--wedge-bound-s S] [--max-minutes M] [--work DIR]}: runs a campaign, prints its findings, exits 1 if the
     * crash promise did not hold.
     */
    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--engine", "embedded_postgresql", "--kills", "20", "--clients", "6",
                "--nodes", "1", "--seed", Long.toString(System.nanoTime()), "--max-kill-delay-ms", "3000",
                "--wedge-bound-s", "300", "--max-minutes", "100000"));
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            if (!options.containsKey(arguments[i]) && !arguments[i].equals("--work")) {
                throw new IllegalArgumentException("unknown option " + arguments[i]);
            }
            options.put(arguments[i], arguments[i + 1]);
        }
        Path work = options.containsKey("--work") ? Path.of(options.get("--work"))
                : Files.createTempDirectory("kill-campaign-");
        Settings settings = new Settings(CampaignEngine.valueOf(options.get("--engine").toUpperCase(Locale.ROOT)),
                Integer.parseInt(options.get("--kills")), Integer.parseInt(options.get("--clients")),
                Integer.parseInt(options.get("--nodes")), Long.parseLong(options.get("--seed")),
                Duration.ofMillis(Long.parseLong(options.get("--max-kill-delay-ms"))),
                Duration.ofSeconds(Long.parseLong(options.get("--wedge-bound-s"))),
                Duration.ofMinutes(Long.parseLong(options.get("--max-minutes"))), work);
        System.out.printf("kill campaign: engine %s, %d kills, %d clients, %d nodes, seed %d, work %s%n",
                settings.engine(), settings.kills(), settings.clients(), settings.nodes(), settings.seed(), work);
        Instant started = Instant.now();
        Result result = run(settings);
        System.out.println("kill campaign: " + result + ", in " + Duration.between(started, Instant.now()).toSeconds()
                + " s");
        result.refusals().forEach(refusal -> System.out.println("REFUSED " + refusal));
        System.exit(result.holds() ? 0 : 1);
    }
}
