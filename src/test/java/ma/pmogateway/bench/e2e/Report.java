package ma.pmogateway.bench.e2e;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.namespace.QName;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;

import ma.pmogateway.bench.e2e.LoadDriver.Operation;
import ma.pmogateway.bench.e2e.LoadDriver.Result;
import ma.pmogateway.contract.Namespaces;

/**
 * The benchmark's report, in markdown ready to paste into docs/BENCHMARKS.md: the machine and its load,
 * one row per phase, the gateway ÷ echo ratios, the delivery backlog, memory, faults and profiles.
 */
final class Report {

    /** One measured phase of one server. */
    record Phase(String server, Result result, Duration cpu, Duration driverCpu, Duration databaseCpu, long rssKib,
            String load1, Delivery delivery) {

        Phase(String server, Result result, Duration cpu, Duration driverCpu, Duration databaseCpu, long rssKib,
                String load1) {
            this(server, result, cpu, driverCpu, databaseCpu, rssKib, load1, null);
        }

        Phase withDelivery(Delivery measured) {
            return new Phase(server, result, cpu, driverCpu, databaseCpu, rssKib, load1, measured);
        }

        double cpuPerRequestMillis() {
            return perRequest(cpu);
        }

        /** The server's CPU and its database's (none for the echo, or for a journal inside the JVM), per request. */
        double cpuWithDatabasePerRequestMillis() {
            return perRequest(databaseCpu == null ? cpu : cpu.plus(databaseCpu));
        }

        double perRequest(Duration time) {
            return time.toNanos() / 1e6 / result.requests();
        }
    }

    /** The backlog towards the PMO over a phase and until it drained. */
    record Delivery(List<DeliveryWatch.Sample> samples, long backlogAtEnd, Duration drain, long deposits,
            Duration gatewayCpuWithDrain, Duration pmoCpu) {

        long maxBacklog() {
            return samples.stream().mapToLong(DeliveryWatch.Sample::backlog).max().orElse(0);
        }
    }

    /** RSS and heap after a full GC of one server, at the start and at the end of its part of the run. */
    final class Memory {
        private final String server;
        private final String scope;
        private long rssStart;
        private long heapStart;
        private long rssEnd;
        private long heapEnd;

        private Memory(String server, String scope) {
            this.server = server;
            this.scope = scope;
        }

        void start(ServerProcess process) {
            heapStart = process.heapAfterGcKib();
            rssStart = process.rssKib();
        }

        void end(ServerProcess process) {
            heapEnd = process.heapAfterGcKib();
            rssEnd = process.rssKib();
        }
    }

    private record Pair(String variant, int round, int threads, Operation operation, Phase echo, Phase gateway) {
    }

    private final StringBuilder header = new StringBuilder();
    private final Map<String, String> journals = new LinkedHashMap<>();
    private final List<Pair> pairs = new ArrayList<>();
    private final List<Memory> memories = new ArrayList<>();
    private final Map<String, Map<String, Integer>> warmUpFaults = new TreeMap<>();
    private final List<String> profiles = new ArrayList<>();

    void header(EndToEndBenchmark benchmark, Path run) throws IOException {
        line("# End-to-end benchmark: the gateway against a bare CXF + WSS4J signed echo");
        line("");
        line("- **when**: %s UTC; run directory `%s` (logs, configurations, recordings)", Instant.now(), run);
        line("- **command**: `%s`", benchmark.commandLine());
        line("- **machine**: `nproc` = %d, %s, %s RAM, Linux %s", Runtime.getRuntime().availableProcessors(),
                cpuModel(), memory(), Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        line("- **load average at start** (1, 5, 15 min): %s", Proc.loadAverages());
        line("- **JVM**: %s %s (%s), the same for the driver and every server; server options `%s`",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"), String.join(" ", benchmark.serverJvmOptions()));
        line("- **workload**: sender AO-CS, signer pinned to the gateway's certificate (RSA 3072); "
                + "a fiche is the first of `samples/ao/fiches/%s` under a new project code (%d bytes of batch), "
                + "a report is `samples/ao/situations/%s` on a project whose fiche that server accepted (%d bytes); "
                + "every batch id new; the WS-Security header adds ~4.8 KB", Workload.FICHE_SAMPLE,
                size(new Workload().new Requests().nextFiche()), Workload.SITUATION_SAMPLE,
                size(new Workload().new Requests().nextSituation("AO-CS-2026-000001")));
    }

    void journal(String variant, String description) {
        journals.put(variant, description);
    }

    Memory memory(String server, String scope) {
        Memory memory = new Memory(server, scope);
        memories.add(memory);
        return memory;
    }

    void warmUp(String server, Operation operation, Result result) {
        result.faults().forEach((code, times) -> warmUpFaults.computeIfAbsent(server + " warm-up", key -> new TreeMap<>())
                .merge(code, times, Integer::sum));
    }

    void pair(String variant, int round, int threads, Operation operation, Phase echo, Phase gateway) {
        pairs.add(new Pair(variant, round, threads, operation, echo, gateway));
    }

    void profile(String markdown) {
        profiles.add(markdown);
    }

    /** Prints the whole report to standard output and writes it to {@code file}. */
    void finish(Path file) throws IOException {
        StringBuilder out = new StringBuilder(header);
        out.append(String.format(Locale.ROOT, "- **load average at end**: %s%n", Proc.loadAverages()));
        journals.forEach((variant, journal) -> out.append(String.format(Locale.ROOT, "- **journal of `%s`**: %s%n",
                variant, journal)));
        phases(out);
        ratios(out);
        deliveries(out);
        memory(out);
        faults(out);
        profiles.forEach(out::append);
        System.out.print(out);
        Files.writeString(file, out);
    }

    private void phases(StringBuilder out) {
        out.append("\n## Phases (each gateway phase right after the echo phase it is divided by)\n\n");
        out.append("| variant | round | threads | operation | server | requests | req/s | p50 ms | p95 ms | p99 ms "
                + "| server CPU ms/req | DB CPU ms/req | driver CPU ms/req | RSS MiB | faults | load 1 min "
                + "| req/s vs echo | CPU vs echo |\n");
        out.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Pair pair : pairs) {
            row(out, pair, pair.echo(), "", "");
            row(out, pair, pair.gateway(), ratio(pair.gateway().result().perSecond(), pair.echo().result().perSecond()),
                    ratio(pair.gateway().cpuWithDatabasePerRequestMillis(), pair.echo().cpuPerRequestMillis()));
        }
    }

    private static void row(StringBuilder out, Pair pair, Phase phase, String throughputRatio, String cpuRatio) {
        Result result = phase.result();
        out.append(String.format(Locale.ROOT,
                "| %s | %d | %d | %s | %s | %d | %.0f | %.1f | %.1f | %.1f | %.2f | %s | %.2f | %d | %d | %s | %s | %s |%n",
                pair.variant(), pair.round(), pair.threads(), pair.operation().soapName, phase.server(), result.requests(),
                result.perSecond(), result.latencyMillis(0.50), result.latencyMillis(0.95), result.latencyMillis(0.99),
                phase.cpuPerRequestMillis(), phase.databaseCpu() == null || phase.server().equals("echo") ? "—"
                        : String.format(Locale.ROOT, "%.2f", phase.perRequest(phase.databaseCpu())),
                phase.perRequest(phase.driverCpu()), phase.rssKib() / 1024, result.faultCount(), phase.load1(),
                throughputRatio, cpuRatio));
    }

    private void ratios(StringBuilder out) {
        out.append("\n## Gateway ÷ echo, per round (throughput: higher is better; CPU per request: lower is better)\n\n");
        out.append("| variant | threads | operation | req/s ratio (round 1 / 2 …) | CPU/req ratio (round 1 / 2 …) "
                + "| p99 ratio (round 1 / 2 …) |\n|---|---:|---|---:|---:|---:|\n");
        Map<String, List<Pair>> groups = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            groups.computeIfAbsent(pair.variant() + "|" + pair.threads() + "|" + pair.operation().soapName,
                    key -> new ArrayList<>()).add(pair);
        }
        groups.forEach((key, group) -> {
            List<String> throughput = new ArrayList<>();
            List<String> cpu = new ArrayList<>();
            List<String> p99 = new ArrayList<>();
            for (Pair pair : group) {
                throughput.add(ratio(pair.gateway().result().perSecond(), pair.echo().result().perSecond()));
                cpu.add(ratio(pair.gateway().cpuWithDatabasePerRequestMillis(), pair.echo().cpuPerRequestMillis()));
                p99.add(ratio(pair.gateway().result().latencyMillis(0.99), pair.echo().result().latencyMillis(0.99)));
            }
            String[] parts = key.split("\\|");
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", parts[0], parts[1], parts[2],
                    String.join(" / ", throughput), String.join(" / ", cpu), String.join(" / ", p99)));
        });
    }

    private void deliveries(StringBuilder out) {
        List<Pair> delivered = pairs.stream().filter(pair -> pair.gateway().delivery() != null).toList();
        if (delivered.isEmpty()) {
            return;
        }
        out.append("\n## Delivery to the PMO sandbox (its own JVM): the backlog over each gateway phase\n\n");
        out.append("| variant | round | threads | operation | accepted/s | max backlog | backlog at end of intake "
                + "| drain after intake s | delivered/s (intake + drain) | delivery ÷ intake "
                + "| gateway (and its database) CPU ms/req counting the drain | PMO CPU ms/deposit |\n");
        out.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Pair pair : delivered) {
            Phase phase = pair.gateway();
            Delivery delivery = phase.delivery();
            double intakeSeconds = phase.result().wallNanos() / 1e9;
            double accepted = phase.result().verified() / intakeSeconds;
            String drain = delivery.drain() == null ? "not drained" : String.format(Locale.ROOT, "%.1f",
                    delivery.drain().toNanos() / 1e9);
            double deliveredPerSecond = delivery.drain() == null ? Double.NaN
                    : delivery.deposits() / (intakeSeconds + delivery.drain().toNanos() / 1e9);
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.0f | %d | %d | %s | %.0f | %s | %.2f | %.2f |%n",
                    pair.variant(), pair.round(), pair.threads(), pair.operation().soapName, accepted,
                    delivery.maxBacklog(), delivery.backlogAtEnd(), drain, deliveredPerSecond,
                    ratio(deliveredPerSecond, accepted), phase.perRequest(delivery.gatewayCpuWithDrain()),
                    delivery.deposits() == 0 ? Double.NaN : delivery.pmoCpu().toNanos() / 1e6 / delivery.deposits()));
        }
        out.append("\nBacklog (seconds since the phase started: submissions accepted and not yet at the PMO):\n\n");
        for (Pair pair : delivered) {
            out.append(String.format(Locale.ROOT, "- %s, round %d, %d threads, %s: %s%n", pair.variant(), pair.round(),
                    pair.threads(), pair.operation().soapName, DeliveryWatch.series(pair.gateway().delivery().samples(), 30)));
        }
    }

    private void memory(StringBuilder out) {
        out.append("\n## Memory (RSS, and heap used right after a full GC via `jcmd GC.run`)\n\n");
        out.append("| server | part of the run | RSS MiB start | RSS MiB end | heap after GC MiB start | heap after GC MiB end |\n");
        out.append("|---|---|---:|---:|---:|---:|\n");
        for (Memory memory : memories) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f |%n", memory.server, memory.scope,
                    memory.rssStart / 1024, memory.rssEnd / 1024, memory.heapStart / 1024.0, memory.heapEnd / 1024.0));
        }
        out.append("\n(start: the echo after its warm-up; the gateway after its start, before its warm-up)\n");
    }

    private void faults(StringBuilder out) {
        Map<String, Map<String, Integer>> faults = new TreeMap<>(warmUpFaults);
        int measured = 0;
        for (Pair pair : pairs) {
            for (Phase phase : List.of(pair.echo(), pair.gateway())) {
                measured += phase.result().requests();
                phase.result().faults().forEach((code, times) -> faults.computeIfAbsent(phase.server() + " (" + pair.variant()
                        + ")", key -> new TreeMap<>()).merge(code, times, Integer::sum));
            }
        }
        out.append(String.format(Locale.ROOT, "%n## Faults by code%n%n%d measured requests; ", measured));
        if (faults.isEmpty()) {
            out.append("no fault and every receipt verified, warm-ups included.\n");
            return;
        }
        out.append("faults, warm-ups included:\n\n| where | code | count |\n|---|---|---:|\n");
        faults.forEach((where, codes) -> codes.forEach((code, times) -> out.append(String.format(Locale.ROOT,
                "| %s | `%s` | %d |%n", where, code, times))));
    }

    private static String ratio(double numerator, double denominator) {
        return denominator == 0 || Double.isNaN(numerator) ? "—" : String.format(Locale.ROOT, "%.2f×", numerator / denominator);
    }

    private void line(String format, Object... arguments) {
        header.append(String.format(Locale.ROOT, format, arguments)).append('\n');
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
    }

    private static String memory() throws IOException {
        long kib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
    }

    private static int size(Object batch) {
        try {
            StringWriter xml = new StringWriter();
            // Since contract v1.1 a batch has a named type: it is written as its global element of the same name.
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) batch.getClass();
            JAXBContext.newInstance(type).createMarshaller()
                    .marshal(new JAXBElement<>(new QName(Namespaces.AO, type.getSimpleName()), type, batch), xml);
            return xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }
}
