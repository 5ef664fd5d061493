package ma.pmogateway.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.journal.Database;

/**
 * The configuration is strict: an unknown key, in a file, an environment variable or an override, is
 * refused with the nearest known key; a value not of its key's type or range is refused; every problem
 * is reported at once, in French and English, with the key and where it was given; nothing is
 * opened on behalf of a refused configuration; and the files read at start are checked by key.
 */
class GatewayConfigTest {

    @TempDir
    Path folder;

    @Test
    void refusesAMisspeltKeyInTheFileNamingItsLineAndTheNearestKey() {
        Path file = write("# operator's settings\n\nserver.prot=38081\n");

        assertEquals(List.of(file + ":3"), sources(refusal(file, Map.of(), Map.of())));
        assertProblems(refusal(file, Map.of(), Map.of()),
                "server.prot (" + file + ":3) : clé inconnue ; vouliez-vous dire server.port ?",
                "server.prot (" + file + ":3): unknown key; did you mean server.port?");
    }

    @Test
    void refusesAnUnknownEnvironmentVariableSuggestingTheNearest() {
        assertProblems(refusal(null, Map.of("PMO_GATEWAY_SERVER_PROT", "38081"), Map.of()),
                "PMO_GATEWAY_SERVER_PROT : variable inconnue ; vouliez-vous dire PMO_GATEWAY_SERVER_PORT (server.port) ?",
                "PMO_GATEWAY_SERVER_PROT: unknown variable; did you mean PMO_GATEWAY_SERVER_PORT (server.port)?");
    }

    @Test
    void ignoresEnvironmentVariablesWithoutThePrefix() {
        GatewayConfig config = GatewayConfig.load(null, Map.of("SERVER_PROT", "1", "PMO_GATEWAYS", "x"), Map.of());

        assertEquals(8080, config.integer("server.port"));
    }

    @Test
    void refusesAnUnknownOverrideSuggestingTheNearest() {
        assertProblems(refusal(null, Map.of(), Map.of("pmo.adress", "https://pmo.example.ma/depot")),
                "pmo.adress (override) : clé inconnue ; vouliez-vous dire pmo.address ?",
                "pmo.adress (override): unknown key; did you mean pmo.address?");
    }

    @Test
    void refusesAnUnknownKeyGivenToWith() {
        GatewayException refusal = assertThrows(GatewayException.class,
                () -> GatewayConfig.defaults().with(Map.of("data-dri", "/tmp/x")));

        assertProblems(refusal, "data-dri (override) : clé inconnue ; vouliez-vous dire data-dir ?",
                "data-dri (override): unknown key; did you mean data-dir?");
    }

    @Test
    void suggestsNothingForAKeyFarFromEveryKnownOne() {
        assertProblems(refusal(null, Map.of(), Map.of("colour", "blue")),
                "colour (override) : clé inconnue", "colour (override): unknown key");
    }

    @Test
    void refusesANonIntegerPortNamingTheVariable() {
        assertProblems(refusal(null, Map.of("PMO_GATEWAY_SERVER_PORT", "abc"), Map.of()),
                "server.port (PMO_GATEWAY_SERVER_PORT) : « abc » n'est pas un entier de 0 à 65535",
                "server.port (PMO_GATEWAY_SERVER_PORT): \"abc\" is not an integer from 0 to 65535");
    }

    /** Tests run in the ar_MA locale: a locale-formatted number would not read 38080 or 65535. */
    @Test
    void refusesAPortOutOfRangeWithPlainDigits() {
        assertProblems(refusal(write("server.port=380800\n"), Map.of(), Map.of()),
                "server.port (" + folder.resolve("gateway.properties") + ":1) : « 380800 » n'est pas un entier de 0 à 65535",
                "server.port (" + folder.resolve("gateway.properties") + ":1): \"380800\" is not an integer from 0 to 65535");
    }

    @Test
    void refusesABooleanOtherThanTrueOrFalse() {
        assertProblems(refusal(null, Map.of(), Map.of("pmo.sandbox.enabled", "no")),
                "pmo.sandbox.enabled (override) : « no » n'est pas true ou false",
                "pmo.sandbox.enabled (override): \"no\" is not true or false");
    }

    @Test
    void refusesANegativeDuration() {
        assertProblems(refusal(null, Map.of(), Map.of("security.timestamp-ttl-seconds", "-300")),
                "security.timestamp-ttl-seconds (override) : « -300 » n'est pas une durée en secondes de 1 à 86400",
                "security.timestamp-ttl-seconds (override): \"-300\" is not a duration in seconds from 1 to 86400");
    }

    @Test
    void refusesAValueOutsideItsChoices() {
        assertProblems(refusal(null, Map.of(), Map.of("server.tls.client-auth", "always")),
                "server.tls.client-auth (override) : « always » n'est pas l'une des valeurs none, want, need",
                "server.tls.client-auth (override): \"always\" is not one of none, want, need");
    }

    @Test
    void refusesAKeyGivenTwiceInAFile() {
        Path file = write("server.port=9090\nserver.port=9091\n");

        assertProblems(refusal(file, Map.of(), Map.of()),
                "server.port (" + file + ":2) : clé déjà donnée ligne 1",
                "server.port (" + file + ":2): key already given on line 1");
    }

    /** The file of the issue: three misspelt keys that would have left the development key and the sandbox on. */
    @Test
    void reportsEveryProblemAtOnceWithItsSource() {
        Path file = write("security.keystor=/etc/pmo-gateway/gateway.p12\npmo.sandbox.enable=false\n"
                + "pmo.adress=https://pmo.example.ma/depot\nserver.port=abc\n");

        GatewayException refusal = refusal(file, Map.of("PMO_GATEWAY_DELIVERY_ENABLE", "true"),
                Map.of("delivery.concurrency", "0"));

        assertEquals(List.of(file + ":1", file + ":2", file + ":3", "PMO_GATEWAY_DELIVERY_ENABLE", file + ":4",
                "override"), sources(refusal));
        String message = refusal.getMessage();
        assertAll(
                () -> assertTrue(message.contains("6 problem(s)"), message),
                () -> assertTrue(message.contains("did you mean security.keystore?"), message),
                () -> assertTrue(message.contains("did you mean pmo.sandbox.enabled?"), message),
                () -> assertTrue(message.contains("did you mean pmo.address?"), message),
                () -> assertTrue(message.contains("did you mean PMO_GATEWAY_DELIVERY_ENABLED (delivery.enabled)?"),
                        message),
                () -> assertTrue(message.contains("\"0\" is not an integer from 1 to 1000"), message));
    }

    @Test
    void appliesTheFileThenTheEnvironmentThenTheOverrides() {
        Path file = write("server.host = 0.0.0.0\nserver.port=9090\ndelivery.poll-interval-ms=\\\n  250\n"
                + "pmo.address=https://pmo.example.ma/depot\n");

        GatewayConfig config = GatewayConfig.load(file, Map.of("PMO_GATEWAY_SERVER_PORT", "9091"),
                Map.of("pmo.sandbox.enabled", "false"));

        assertAll(
                () -> assertEquals("0.0.0.0", config.string("server.host")),
                () -> assertEquals(9091, config.integer("server.port")),
                () -> assertEquals(Duration.ofMillis(250), config.millis("delivery.poll-interval-ms")),
                () -> assertEquals("https://pmo.example.ma/depot", config.string("pmo.address")),
                () -> assertFalse(config.bool("pmo.sandbox.enabled")));
    }

    @Test
    void aValueRefusedInTheFileButOverriddenIsNoProblem() {
        Path file = write("server.port=abc\n");

        assertEquals(9090, GatewayConfig.load(file, Map.of(), Map.of("server.port", "9090")).integer("server.port"));
    }

    @Test
    void opensNoDatabaseAndCreatesNoDataDirectoryForARefusedConfiguration() {
        Path dataDir = folder.resolve("data");

        assertThrows(GatewayException.class, () -> Database.open(GatewayConfig.load(
                write("data-dir=" + dataDir + "\ndatabase.pool-size=many\n"), Map.of(), Map.of())));
        assertFalse(Files.exists(dataDir));
    }

    @Test
    void requireFilesNamesTheKeyAndSourceOfEveryMissingFile() {
        GatewayConfig config = GatewayConfig.load(null,
                Map.of("PMO_GATEWAY_PMO_CERTIFICATES", "certs/dev/pmo.crt.pem, /nowhere/pmo-2027.pem"),
                Map.of("security.keystore", "/nowhere/gateway.p12"));

        GatewayException refusal = assertThrows(GatewayException.class, config::requireFiles);

        assertEquals(List.of("security.keystore (override): \"/nowhere/gateway.p12\" is not a readable file",
                "pmo.certificates (PMO_GATEWAY_PMO_CERTIFICATES): \"/nowhere/pmo-2027.pem\" is not a readable file"),
                refusal.problems().stream().map(Problem::messageEn).toList());
    }

    @Test
    void requireFilesLeavesTheFilesOfFeaturesSwitchedOff() {
        GatewayConfig config = GatewayConfig.load(null, Map.of(), Map.of("server.tls.keystore", "/nowhere/tls.p12",
                "pmo.sandbox.enabled", "false", "pmo.sandbox.keystore", "/nowhere/pmo.p12"));

        config.requireFiles();
    }

    @Test
    void anUndeclaredKeyAskedInCodeIsTheCallersMistake() {
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().string("server.prot"));
    }

    private Path write(String content) {
        try {
            return Files.writeString(folder.resolve("gateway.properties"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GatewayException refusal(Path file, Map<String, String> env, Map<String, String> overrides) {
        GatewayException refusal = assertThrows(GatewayException.class, () -> GatewayConfig.load(file, env, overrides));
        assertEquals(ErrorCode.CONFIGURATION_INVALIDE, refusal.code());
        return refusal;
    }

    /** Asserts that {@code refusal} has the one problem of these French and English texts. */
    private static void assertProblems(GatewayException refusal, String french, String english) {
        assertEquals(List.of(french + " | " + english),
                refusal.problems().stream().map(problem -> problem.messageFr() + " | " + problem.messageEn()).toList(),
                refusal::getMessage);
    }

    /** Returns the source each problem names, in order: what the parentheses after the key hold. */
    private static List<String> sources(GatewayException refusal) {
        return refusal.problems().stream().map(Problem::messageEn).map(text -> text.startsWith("PMO_GATEWAY_")
                ? text.substring(0, text.indexOf(':')) : text.substring(text.indexOf('(') + 1, text.indexOf(')')))
                .toList();
    }
}
