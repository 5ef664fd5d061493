package ma.pmogateway.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server of the benchmark in its own JVM (the echo, the gateway, the PMO sandbox), so that
 * {@code /proc} gives its CPU and memory alone. Its output goes to a log file; {@link #close} stops it
 * with SIGTERM, as an operator would.
 */
final class ServerProcess implements AutoCloseable {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Duration STARTUP_PATIENCE = Duration.ofMinutes(3);

    private final String name;
    private final Process process;
    private final Path log;
    private Path recording;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java jvmOptions… arguments…} in {@code workDir}'s parent directory (the project root)
     * and returns once {@code ready} (a {@code ?wsdl} address) answers 200.
     */
    static ServerProcess start(String name, List<String> jvmOptions, List<String> arguments, URI ready, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(JAVA_HOME.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        command.addAll(arguments);
        Path log = workDir.resolve(name + ".log");
        try {
            Files.writeString(workDir.resolve(name + ".command"), String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServerProcess server = new ServerProcess(name, process, log);
            server.awaitReady(ready);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(URI ready) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP_PATIENCE);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause(Duration.ofMillis(200));
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start (see " + log + "):\n" + tail());
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Duration cpu() {
        return Proc.cpu(pid());
    }

    long rssKib() {
        return Proc.rssKib(pid());
    }

    /** Runs a full GC in the server ({@code jcmd GC.run}) and returns the heap it then uses, in KiB. */
    long heapAfterGcKib() {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output of " + name);
        }
        return Long.parseLong(used.group(1));
    }

    /** Starts a Java Flight Recorder recording (profile settings) of this server, written by {@link #stopRecording}. */
    void startRecording(Path file) {
        recording = file;
        jcmd("JFR.start", "name=bench", "settings=profile");
    }

    /** Stops the recording started by {@link #startRecording} and returns its file. */
    Path stopRecording() {
        jcmd("JFR.stop", "name=bench", "filename=" + recording.toAbsolutePath());
        return recording;
    }

    private String jcmd(String... command) {
        List<String> line = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/jcmd").toString(), Long.toString(pid())));
        line.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(2, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server with SIGTERM (its clean stop) and waits for it; kills it if it does not stop in a minute. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
