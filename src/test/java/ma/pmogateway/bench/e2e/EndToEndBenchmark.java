package ma.pmogateway.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import ma.pmogateway.bench.e2e.LoadDriver.Operation;
import ma.pmogateway.bench.e2e.LoadDriver.Result;
import ma.pmogateway.bench.e2e.LoadDriver.Stop;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.it.TestPorts;
import ma.pmogateway.journal.EmbeddedPostgresServer;

/**
 * The end-to-end benchmark (issue #13): the gateway, run as an operator runs it ({@code java -jar
 * target/pmo-gateway.jar serve}), against the bare CXF + WSS4J signed echo of the same contract
 * ({@link EchoServer}), each in its own JVM, measured alternately in one run (echo, gateway, echo,
 * gateway…) by the same load driver, so that every gateway phase has the echo phase just before it to
 * be divided by. With delivery on, the PMO sandbox runs in a third JVM (a {@code serve} with delivery
 * off: its cost is the PMO's, not the gateway's), and the backlog towards it is followed to the end.
 *
 * <p>Run it with {@code scripts/bench-e2e} (docs/BENCHMARKS.md says what each column means). Not a
 * test: nothing asserts a timing. The report (markdown) goes to standard output and to
 * {@code report.md} in the run's directory, with the servers' logs, configurations and recordings.
 */
@Command(name = "bench-e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = "End-to-end benchmark: the gateway against a bare CXF + WSS4J signed echo, alternately.")
public final class EndToEndBenchmark implements Callable<Integer> {

    enum Delivery { off, on }

    /** The journal: the gateway's embedded default (whatever engine its configuration picks), or PostgreSQL. */
    enum Journal { embedded, postgresql }

    @Option(names = "--threads", split = ",", description = "Client threads, one phase each (default: ${DEFAULT-VALUE}).")
    List<Integer> threads = List.of(4, 16);

    @Option(names = "--delivery", split = ",", description = "Delivery to the PMO sandbox: off, on or off,on (default: ${DEFAULT-VALUE}).")
    List<Delivery> deliveries = List.of(Delivery.off, Delivery.on);

    @Option(names = "--journal", split = ",", description = "embedded (the gateway's default engine), postgresql (embedded PostgreSQL, its own processes) (default: ${DEFAULT-VALUE}).")
    List<Journal> journals = List.of(Journal.embedded);

    @Option(names = "--operations", split = ",", description = "FICHES (SoumettreProjets), SITUATIONS (SoumettreSituations) (default: ${DEFAULT-VALUE}).")
    List<Operation> operations = List.of(Operation.FICHES, Operation.SITUATIONS);

    @Option(names = "--rounds", description = "Rounds of echo/gateway phases per variant (default: ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(names = "--warmup", description = "Warm-up requests per operation and server, at the most threads (default: ${DEFAULT-VALUE}).")
    int warmup = 2500;

    @Option(names = "--requests", description = "Requests per measured phase (default: ${DEFAULT-VALUE}).")
    int requests = 3000;

    @Option(names = "--seconds", description = "Measure each phase for this long instead of --requests (0: use --requests).")
    int seconds;

    @Option(names = "--server-jvm", description = "JVM options of the echo and the gateway, the same for both (default: ${DEFAULT-VALUE}).")
    String serverJvm = "-Xms1g -Xmx1g";

    @Option(names = "--set", description = "A gateway configuration override key=value (repeatable), e.g. --set delivery.concurrency=8.")
    Map<String, String> gatewaySettings = new LinkedHashMap<>();

    @Option(names = "--profile", description = "Record the echo and the gateway with Java Flight Recorder over the measured phases and print where their CPU went.")
    boolean profile;

    @Option(names = "--drain-patience-seconds", description = "With delivery on, how long to wait for the backlog to reach the PMO after a phase (default: ${DEFAULT-VALUE}).")
    int drainPatience = 600;

    @Option(names = "--out", description = "Directory for the run's report, logs and recordings (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("target/bench-e2e");

    private Path run;
    private final Report report = new Report();

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new EndToEndBenchmark()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(command.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path jar = Path.of("target/pmo-gateway.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (scripts/bench-e2e does)");
        }
        run = out.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        Files.createDirectories(run);
        report.header(this, run);
        int port = TestPorts.free();
        try (ServerProcess echo = ServerProcess.start("echo", jvm(), List.of("-cp", System.getProperty("java.class.path"),
                EchoServer.class.getName(), Integer.toString(port)),
                URI.create("http://127.0.0.1:" + port + EchoServer.PATH + "?wsdl"), run)) {
            LoadDriver echoDriver = new LoadDriver("http://127.0.0.1:" + port + EchoServer.PATH, new Workload());
            Report.Memory echoMemory = report.memory("echo", "whole run");
            warmUp(echo, echoDriver);
            echoMemory.start(echo);
            if (profile) {
                echo.startRecording(run.resolve("echo.jfr"));
            }
            for (Journal journal : journals) {
                for (Delivery delivery : deliveries) {
                    variant(echo, echoDriver, journal, delivery);
                }
            }
            echoMemory.end(echo);
            if (profile) {
                report.profile(JfrSummary.of(echo.stopRecording(), "echo", 15));
            }
        }
        report.finish(run.resolve("report.md"));
        return 0;
    }

    /** One gateway (fresh journal, and a fresh PMO sandbox if delivery is on): warm-up, then the rounds. */
    private void variant(ServerProcess echo, LoadDriver echoDriver, Journal journal, Delivery delivery) throws Exception {
        String name = journal + ", delivery " + delivery;
        Path dir = Files.createDirectories(run.resolve(journal + "-delivery-" + delivery));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(TestPorts.free()));
        settings.put("admin.port", "0");
        settings.put("data-dir", dir.resolve("gateway-data").toAbsolutePath().toString());
        settings.put("security.sender-registry", writeRegistry(dir).toString());
        settings.put("pmo.sandbox.enabled", "false");
        settings.put("delivery.enabled", Boolean.toString(delivery == Delivery.on));
        OptionalLong database = OptionalLong.empty();
        if (journal == Journal.postgresql) {
            String url = EmbeddedPostgresServer.newDatabase();
            settings.put("database.url", url);
            settings.put("database.user", EmbeddedPostgresServer.USER);
            settings.put("database.password", "");
            database = postmaster(url);
        }
        ServerProcess sandbox = null;
        DeliveryWatch watch = null;
        if (delivery == Delivery.on) {
            int sandboxPort = TestPorts.free();
            Map<String, String> sandboxSettings = new LinkedHashMap<>();
            sandboxSettings.put("server.port", Integer.toString(sandboxPort));
            sandboxSettings.put("admin.port", "0");
            sandboxSettings.put("data-dir", dir.resolve("sandbox-data").toAbsolutePath().toString());
            sandboxSettings.put("database.url", sandboxUrl(dir));
            sandboxSettings.put("delivery.enabled", "false");
            sandboxSettings.put("pmo.sandbox.enabled", "true");
            String pmo = "http://127.0.0.1:" + sandboxPort + "/pmo/depot/v1";
            sandbox = ServerProcess.start("pmo-sandbox-" + journal, List.of(), serve(writeConfig(dir, "sandbox",
                    sandboxSettings)), URI.create(pmo + "?wsdl"), dir);
            settings.put("pmo.address", pmo);
        }
        settings.putAll(gatewaySettings);
        int gatewayPort = Integer.parseInt(settings.get("server.port"));
        String address = "http://127.0.0.1:" + gatewayPort + "/services/suivi-projets/v1";
        try (ServerProcess gateway = ServerProcess.start("gateway", jvm(), serve(writeConfig(dir, "gateway", settings)),
                URI.create(address + "?wsdl"), dir)) {
            report.journal(name, journal == Journal.embedded ? "embedded default, data-dir holds "
                    + listing(dir.resolve("gateway-data")) : "PostgreSQL " + settings.get("database.url"));
            if (journal == Journal.embedded) {
                database = embeddedPostmaster(dir.resolve("gateway-data"));
            }
            LoadDriver driver = new LoadDriver(address, new Workload());
            if (sandbox != null) {
                watch = new DeliveryWatch(sandboxUrl(dir), driver::accepted);
            }
            Report.Memory memory = report.memory("gateway", name);
            memory.start(gateway);
            warmUp(gateway, driver);
            if (watch != null) {
                progress("warm-up backlog drained in %s", watch.awaitDrained(Duration.ofSeconds(drainPatience)));
            }
            if (profile) {
                gateway.startRecording(dir.resolve("gateway.jfr"));
            }
            for (int round = 1; round <= rounds; round++) {
                for (int clients : threads) {
                    for (Operation operation : operations) {
                        Report.Phase baseline = measure(echo, echoDriver, operation, clients, null, OptionalLong.empty(),
                                null);
                        Report.Phase measured = measure(gateway, driver, operation, clients, watch, database, sandbox);
                        report.pair(name, round, clients, operation, baseline, measured);
                    }
                }
            }
            if (profile) {
                report.profile(JfrSummary.of(gateway.stopRecording(), "gateway (" + name + ")", 25));
            }
            memory.end(gateway);
        } finally {
            if (watch != null) {
                watch.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    /** The PMO sandbox's own H2 journal, opened so that {@link DeliveryWatch} can read it while the sandbox runs. */
    private static String sandboxUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("sandbox-data").toAbsolutePath().resolve("journal")
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    /** Thousands of requests of each operation at the most threads: the JIT compiles the hot paths before anything counts. */
    private void warmUp(ServerProcess server, LoadDriver driver) throws InterruptedException {
        int clients = threads.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (Operation operation : List.of(Operation.FICHES, Operation.SITUATIONS)) {
            if (operation == Operation.SITUATIONS && !operations.contains(Operation.SITUATIONS)) {
                continue;
            }
            Result result = driver.run(operation, clients, new Stop(warmup, Duration.ZERO));
            report.warmUp(server.name(), operation, result);
            progress("%s warm-up %s: %d requests, %.0f/s, faults %s", server.name(), operation.soapName,
                    result.requests(), result.perSecond(), result.faults());
        }
    }

    /** One phase: the load, and the server's (and its database's, and the PMO's) CPU over it. */
    private Report.Phase measure(ServerProcess server, LoadDriver driver, Operation operation, int clients,
            DeliveryWatch watch, OptionalLong database, ServerProcess pmo) throws InterruptedException {
        Stop stop = seconds > 0 ? new Stop(0, Duration.ofSeconds(seconds)) : new Stop(requests, Duration.ZERO);
        Duration cpu = server.cpu();
        Duration driverCpu = Proc.cpu(ProcessHandle.current().pid());
        Duration databaseCpu = databaseCpu(database);
        Duration pmoCpu = pmo != null ? pmo.cpu() : Duration.ZERO;
        long depositsBefore = watch != null ? watch.deposits() : 0;
        if (watch != null) {
            watch.startSampling();
        }
        Result result = driver.run(operation, clients, stop);
        Report.Phase phase = new Report.Phase(server.name(), result, server.cpu().minus(cpu),
                Proc.cpu(ProcessHandle.current().pid()).minus(driverCpu),
                database.isPresent() ? databaseCpu(database).minus(databaseCpu) : null,
                server.rssKib(), Proc.load1());
        if (watch != null) {
            long backlogAtEnd = watch.backlog();
            Duration drain = watch.awaitDrained(Duration.ofSeconds(drainPatience));
            List<DeliveryWatch.Sample> samples = watch.stopSampling();
            long deposits = watch.deposits() - depositsBefore;
            phase = phase.withDelivery(new Report.Delivery(samples, backlogAtEnd, drain, deposits,
                    server.cpu().minus(cpu).plus(databaseCpu(database).minus(databaseCpu)), pmo.cpu().minus(pmoCpu)));
        }
        progress("%s %s x%d: %d requests, %.0f/s, p99 %.1f ms, CPU %.2f ms/req, faults %s", server.name(),
                operation.soapName, clients, result.requests(), result.perSecond(), result.latencyMillis(0.99),
                phase.cpuPerRequestMillis(), result.faults());
        return phase;
    }

    /** The CPU so far of the PostgreSQL server {@code postmaster} and its processes; zero when there is none. */
    private static Duration databaseCpu(OptionalLong postmaster) {
        return postmaster.isPresent() ? Proc.treeCpu(postmaster.getAsLong()) : Duration.ZERO;
    }

    private List<String> jvm() {
        List<String> options = new ArrayList<>(List.of(serverJvm.trim().split("\\s+")));
        options.removeIf(String::isEmpty);
        if (profile) {
            // The CXF and Jetty stacks are deep: keep whole stacks, so the inclusive counts are right.
            options.add("-XX:FlightRecorderOptions=stackdepth=512");
        }
        return options;
    }

    /** {@code serve} in the development profile: the benchmark runs on the development PKI. */
    private static List<String> serve(Path config) {
        return List.of("-jar", Path.of("target/pmo-gateway.jar").toString(), "serve", "--dev", "--config",
                config.toString());
    }

    private static Path writeConfig(Path dir, String name, Map<String, String> settings) throws IOException {
        Path file = dir.resolve(name + ".properties").toAbsolutePath();
        Files.writeString(file, settings.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    /** AO-CS may submit fiches and reports for its region (Casablanca-Settat, 06): the benchmark's one sender. */
    private static Path writeRegistry(Path dir) throws IOException {
        Path file = dir.resolve("senders.properties").toAbsolutePath();
        Files.writeString(file, TestGateway.entry(Workload.SENDER, "ao-cs", "SoumettreProjets,SoumettreSituations", "06"));
        return file;
    }

    /** Returns the pid of the PostgreSQL server that {@code url} names (its postmaster, whose children serve the connections). */
    private static OptionalLong postmaster(String url) {
        String port = url.replaceAll("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1");
        OptionalLong pid = Proc.find("bin/postgres", "-p " + port);
        if (pid.isEmpty()) {
            throw new IllegalStateException("no PostgreSQL server process listening on " + port);
        }
        return pid;
    }

    /**
     * Returns the pid of the PostgreSQL server the gateway runs itself in {@code dataDir} (the embedded
     * default), from its {@code postmaster.pid}; none when the embedded engine runs inside the JVM (H2).
     * Its processes are not the JVM's children in /proc's accounting, so without this their CPU would be
     * missing from the gateway's.
     */
    private static OptionalLong embeddedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
    }

    private static String listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.joining(", "));
        }
    }

    static void progress(String format, Object... arguments) {
        System.err.printf(Locale.ROOT, "[bench-e2e %tT] " + format + "%n",
                prepend(java.time.LocalTime.now(ZoneOffset.UTC), arguments));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    String commandLine() {
        StringBuilder line = new StringBuilder("scripts/bench-e2e");
        line.append(" --threads ").append(threads.stream().map(String::valueOf).collect(Collectors.joining(",")));
        line.append(" --delivery ").append(deliveries.stream().map(String::valueOf).collect(Collectors.joining(",")));
        line.append(" --journal ").append(journals.stream().map(String::valueOf).collect(Collectors.joining(",")));
        line.append(" --operations ").append(operations.stream().map(String::valueOf).collect(Collectors.joining(",")));
        line.append(" --rounds ").append(rounds).append(" --warmup ").append(warmup);
        line.append(seconds > 0 ? " --seconds " + seconds : " --requests " + requests);
        line.append(" --server-jvm '").append(serverJvm).append('\'');
        gatewaySettings.forEach((key, value) -> line.append(" --set ").append(key).append('=').append(value));
        if (profile) {
            line.append(" --profile");
        }
        return line.toString();
    }

    List<String> serverJvmOptions() {
        return jvm();
    }
}
