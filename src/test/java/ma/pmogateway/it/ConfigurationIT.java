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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/pmo-gateway.jar serve} in production (the default) refuses the development
 * material, by path and by fingerprint, the sandbox and plain HTTP beyond loopback; {@code --check}
 * reports without serving or creating the journal. With a misspelt key, in its file or in a
 * {@code PMO_GATEWAY_*} variable, does not start: exit code 2, the key, its source and the nearest
 * known key told in French and English without a stack trace, and no data directory created; nor
 * does it with a key store that is not there, named by its key.
 */
class ConfigurationIT {

    @TempDir
    Path work;

    @Test
    void refusesToServeWithAMisspeltKeyInTheFile() throws Exception {
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\nserver.port=" + TestPorts.free()
                + "\nserver.prot=38081\n");

        Run run = serve(config, Map.of());

        assertAll(
                () -> assertEquals(2, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("server.prot (" + config + ":3) : clé inconnue ; "
                        + "vouliez-vous dire server.port ?"), run.output()),
                () -> assertTrue(run.output().contains("server.prot (" + config + ":3): unknown key; "
                        + "did you mean server.port?"), run.output()),
                () -> assertFalse(run.output().contains("\tat "), run.output()),
                // Both headlines, the list of problems once.
                () -> assertEquals(1, run.output().split("clé inconnue", -1).length - 1, run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    @Test
    void refusesToServeWithAMalformedValueInAVariable() throws Exception {
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\n");

        Run run = serve(config, Map.of("PMO_GATEWAY_SERVER_PORT", "38,080"));

        assertAll(
                () -> assertEquals(2, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("server.port (PMO_GATEWAY_SERVER_PORT): \"38,080\" is not an "
                        + "integer from 0 to 65535"), run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    @Test
    void refusesToServeWithAMissingKeyStoreNamingItsKey() throws Exception {
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\nsecurity.keystore=/nowhere/gateway.p12\n");

        Run run = serve(config, Map.of());

        assertAll(
                () -> assertEquals(2, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("security.keystore (" + config + ":2): \"/nowhere/gateway.p12\" "
                        + "is not a readable file"), run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    @Test
    void refusesToServeInProductionOnTheDevelopmentDefaults() throws Exception {
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\n");

        Run run = serve(config, Map.of());

        assertAll(
                () -> assertEquals(2, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("the production configuration is not safe"), run.output()),
                () -> assertTrue(run.output().matches("(?s).*security\\.keystore \\(gateway-defaults\\.properties:\\d+\\): "
                        + "\"[^\"]*certs/dev/gateway\\.p12\" is in the development directory certs/dev.*"), run.output()),
                () -> assertTrue(run.output().contains("security.keystore-password (gateway-defaults.properties:"),
                        run.output()),
                () -> assertTrue(run.output().contains("the published development password (dev-password)"), run.output()),
                () -> assertTrue(run.output().contains("le bac à sable PMO est interdit en production"), run.output()),
                () -> assertTrue(run.output().contains("pmo.address (gateway-defaults.properties:"), run.output()),
                () -> assertFalse(run.output().contains("\tat "), run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    @Test
    void refusesACopiedDevelopmentKeyByItsFingerprintPlainHttpBeyondLoopbackAndTheH2Journal() throws Exception {
        Path keys = Files.createDirectories(work.resolve("keys"));
        Files.copy(Path.of("certs/dev/gateway.p12"), keys.resolve("signing.p12"));
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\nsecurity.keystore=" + keys.resolve("signing.p12")
                + "\nserver.host=0.0.0.0\ndatabase.embedded-engine=h2\n");

        Run run = serve(config, Map.of());

        assertAll(
                () -> assertEquals(2, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("security.keystore (" + config + ":2): \"" + keys.resolve("signing.p12")
                        + "\" holds the development certificate CN=pmo-gateway"), run.output()),
                () -> assertTrue(run.output().contains("server.host (" + config + ":3): plain HTTP on the non-loopback "
                        + "address 0.0.0.0"), run.output()),
                () -> assertTrue(run.output().contains("database.embedded-engine (" + config + ":4): the H2 journal does "
                        + "not survive every hard kill"), run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    @Test
    void checksTheDevelopmentConfigurationWithoutServingOrCreatingTheJournal() throws Exception {
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\n");

        Run run = serve(config, Map.of(), "--dev", "--check");

        assertAll(
                () -> assertEquals(0, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("gateway certificate CN=pmo-gateway"), run.output()),
                () -> assertTrue(run.output().matches("(?s).*CRL of CN=PMO Gateway Development Root CA.*\\(\\d+ day\\(s\\) left\\).*"),
                        run.output()),
                () -> assertTrue(run.output().contains("sender registry consistent"), run.output()),
                () -> assertTrue(run.output().contains("no embedded journal yet"), run.output()),
                () -> assertTrue(run.output().contains("OK: prête à servir / ready to serve"), run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    @Test
    void checksAProductionConfigurationOnDevelopmentMaterialAsProblems() throws Exception {
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + work.resolve("data") + "\n");

        Run run = serve(config, Map.of(), "--check");

        assertAll(
                () -> assertEquals(2, run.exitCode(), run.output()),
                () -> assertTrue(run.output().contains("[PROBLÈME/PROBLEM] production:"), run.output()),
                () -> assertTrue(run.output().contains("problème(s) / problem(s)"), run.output()),
                () -> assertFalse(Files.exists(work.resolve("data")), "data directory created"));
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs {@code serve --config config} in its own JVM, with {@code environment} as its only PMO_GATEWAY_ variables. */
    private Run serve(Path config, Map<String, String> environment, String... options)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = work.resolve("gateway.log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar",
                Path.of("target/pmo-gateway.jar").toString(), "serve", "--config", config.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PMO_GATEWAY_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("serve did not stop: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
