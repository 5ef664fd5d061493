package ma.pmogateway.it.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program from the project directory with a bounded time, capturing its output. */
record ExternalProcess(List<String> command, int exitCode, String stdout, String stderr) {

    /** Runs {@code command}; fails the test if it cannot start or does not finish within {@code timeout}. */
    static ExternalProcess run(List<String> command, Duration timeout, Path scratch) {
        try {
            Path out = Files.createTempFile(scratch, "stdout", ".txt");
            Path err = Files.createTempFile(scratch, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(Path.of("").toAbsolutePath().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return fail("cannot start " + command.get(0) + ": " + e.getMessage());
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return fail("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ExternalProcess(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last non-blank line of standard output (the clients print their result there). */
    String lastLine() {
        List<String> lines = stdout.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** A readable account of the run, for assertion messages. */
    String describe() {
        return String.join(" ", command) + "\nexit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
}
