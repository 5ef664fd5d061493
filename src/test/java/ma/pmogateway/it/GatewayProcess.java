package ma.pmogateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A gateway in a JVM of its own, {@code java -jar target/pmo-gateway.jar serve --dev --config FILE}, as an
 * operator runs it: what the crash tests kill with SIGKILL and start again on the same data directory.
 * Its output is appended to one log file across restarts.
 */
public final class GatewayProcess {

    private static final Path JAR = Path.of("target/pmo-gateway.jar");

    private final Path config;
    private final String address;
    private final Path log;
    private Process process;

    /**
     * @param config  the gateway's configuration file
     * @param address the SOAP 1.2 endpoint it publishes (its WSDL answering 200 means it is ready)
     * @param log     where its standard output and error are appended
     */
    public GatewayProcess(Path config, String address, Path log) {
        this.config = config;
        this.address = address;
        this.log = log;
    }

    public Path config() {
        return config;
    }

    public String address() {
        return address;
    }

    /**
     * Starts the gateway and returns how long it took to publish its endpoints, or empty if it did not
     * within {@code bound} (a wedge: it is then killed).
     */
    public Optional<Duration> start(Duration bound) throws IOException, InterruptedException {
        Instant started = Instant.now();
        process = new ProcessBuilder(command("serve", "--dev", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = started.plus(bound);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<Void> wsdl = http.send(HttpRequest.newBuilder(URI.create(address + "?wsdl"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (wsdl.statusCode() == 200) {
                    return Optional.of(Duration.between(started, Instant.now()));
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        kill();
        return Optional.empty();
    }

    /** Starts the gateway, failing with its log if it is not ready within five minutes (a shared, slow machine). */
    public GatewayProcess startOrFail() throws IOException, InterruptedException {
        if (start(Duration.ofMinutes(5)).isEmpty()) {
            throw new AssertionError("gateway did not start: " + Files.readString(log));
        }
        return this;
    }

    /** SIGKILL: the process gets no chance to flush, close or say goodbye. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM, then waits for the clean stop; returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Runs one command of the gateway's command line on the same configuration ({@code audit verify},
     * {@code outbox list}, …) and returns its exit code and output.
     */
    public CommandResult run(String group, String... subcommand) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(group, "--config", config.toString()));
        command.addAll(List.of(subcommand));
        Process cli = new ProcessBuilder(command(command.toArray(String[]::new))).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new CommandResult(cli.waitFor(), output);
    }

    /** What a command printed and how it exited. */
    public record CommandResult(int exitCode, String output) {
    }

    private static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(arguments));
        return command;
    }
}
