package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive the build makes (target/pmo-gateway-*-dist.tar.gz), unpacked as an operator
 * would: its launcher runs {@code serve --check} from lib/ alone, in the development profile on the
 * development PKI (exit 0, ready to serve) and in production on its own sample configuration (exit 2,
 * naming the key stores still to provide); the sample gives every key of the gateway; the systemd unit,
 * alert rules and logging configurations are there, and no development key.
 */
class DistributionIT {

    @TempDir
    Path work;

    @Test
    void theLauncherOfTheUnpackedArchiveChecksAConfiguration() throws Exception {
        Path home = unpack();
        Path dev = work.resolve("dev.properties");
        Files.writeString(dev, "data-dir=" + work.resolve("data") + "\n");

        Run development = launch(home, "serve", "--dev", "--check", "--config", dev.toString());
        Run production = launch(home, "serve", "--check", "--config", home.resolve("conf/gateway.properties").toString());

        assertAll(
                () -> assertEquals(0, development.exitCode(), development.output()),
                () -> assertTrue(development.output().contains("ready to serve"), development.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"),
                () -> assertEquals(2, production.exitCode(), production.output()),
                () -> assertTrue(production.output().contains("security.keystore (" + home.resolve("conf/gateway.properties")),
                        production.output()),
                () -> assertFalse(production.output().contains("\tat "), production.output()));
    }

    @Test
    void theArchiveHoldsTheKitAndASampleWithEveryKeyButNoDevelopmentKey() throws Exception {
        Path home = unpack();
        Properties defaults = new Properties();
        defaults.load(Files.newBufferedReader(Path.of("src/main/resources/config/gateway-defaults.properties"),
                StandardCharsets.UTF_8));
        Properties sample = new Properties();
        sample.load(Files.newBufferedReader(home.resolve("conf/gateway.properties"), StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> all = Files.walk(home)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertAll(
                () -> assertEquals(defaults.stringPropertyNames(), sample.stringPropertyNames()),
                () -> assertEquals("false", sample.getProperty("pmo.sandbox.enabled")),
                () -> assertTrue(Files.isExecutable(home.resolve("bin/pmo-gateway"))),
                () -> assertTrue(Files.isRegularFile(home.resolve("systemd/pmo-gateway.service"))),
                () -> assertTrue(Files.readString(home.resolve("prometheus/pmo-gateway-alerts.yml"))
                        .contains("pmogateway_outbox_dead_letters")),
                () -> assertTrue(Files.isRegularFile(home.resolve("conf/logback-json.xml"))),
                () -> assertTrue(Files.isRegularFile(home.resolve("docs/OPERATIONS.md"))),
                () -> assertTrue(Files.isRegularFile(home.resolve("lib/pmo-gateway.jar"))),
                () -> assertTrue(files.stream().noneMatch(f -> f.toString().endsWith(".p12")
                        || f.toString().endsWith(".key.pem")), files::toString));
    }

    private record Run(int exitCode, String output) {
    }

    private Path unpack() throws IOException, InterruptedException {
        Path archive;
        try (Stream<Path> target = Files.list(Path.of("target"))) {
            archive = target.filter(f -> f.getFileName().toString().matches("pmo-gateway-.*-dist\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no distribution archive in target/"));
        }
        Path into = Files.createDirectories(work.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", into.toString())
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        try (Stream<Path> unpacked = Files.list(into)) {
            return unpacked.findFirst().orElseThrow();
        }
    }

    /**
     * Runs the launcher with the JVM of this test and no PMO_GATEWAY_ variable, in the source tree (the
     * development profile's relative paths name its certs/dev: the archive holds no development key).
     */
    private Run launch(Path home, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/pmo-gateway").toString()));
        command.addAll(List.of(arguments));
        Path log = work.resolve("launcher.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PMO_GATEWAY_"));
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("launcher did not stop: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
