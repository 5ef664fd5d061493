package ma.pmogateway.pmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/** The sandbox's failure switches: reproducible draws, the outage switch, and their configuration keys. */
class FailureSimulationTest {

    /** Two simulations with the same seed refuse the same requests. */
    @Test
    void failsOnTheSameRequestsWithTheSameSeed() {
        assertEquals(refusals(configured(Map.of("pmo.sandbox.failure-rate", "0.3", "pmo.sandbox.failure-seed", "42"))),
                refusals(configured(Map.of("pmo.sandbox.failure-rate", "0.3", "pmo.sandbox.failure-seed", "42"))));
    }

    /** A rate of 0.3 refuses roughly three requests in ten. */
    @Test
    void refusesAboutTheConfiguredShareOfRequests() {
        long refused = refusals(configured(Map.of("pmo.sandbox.failure-rate", "0.3", "pmo.sandbox.failure-seed", "42")))
                .stream().filter(Boolean::booleanValue).count();

        assertTrue(refused > 200 && refused < 400, refused + " refusals in 1000");
    }

    /** With a rate of 0, only the outage switch refuses requests, for as long as it is on. */
    @Test
    void refusesEveryRequestWhileTheOutageIsOn() {
        FailureSimulation failures = FailureSimulation.none();

        failures.setOutage(true);
        boolean duringOutage = failures.refusesNextRequest();
        failures.setOutage(false);

        assertTrue(duringOutage);
        assertFalse(failures.refusesNextRequest());
    }

    /** The defaults the lead will add (no failure, no outage, fault, no latency) describe a well-behaved PMO. */
    @Test
    void readsAWellBehavedPmoFromTheSuggestedDefaults() {
        FailureSimulation failures = configured(Map.of());

        assertFalse(failures.outage());
        assertEquals(FailureSimulation.Response.FAULT, failures.response());
        assertEquals(Duration.ZERO, failures.latency());
        assertFalse(refusals(failures).contains(Boolean.TRUE));
    }

    /** The outage and the HTTP 503 form can be asked for in configuration. */
    @Test
    void readsAnOutageAnsweredWithHttp503() {
        FailureSimulation failures = configured(Map.of("pmo.sandbox.outage", "true",
                "pmo.sandbox.failure-response", "http-503", "pmo.sandbox.latency-ms", "250"));

        assertTrue(failures.outage());
        assertEquals(FailureSimulation.Response.HTTP_503, failures.response());
        assertEquals(Duration.ofMillis(250), failures.latency());
    }

    /** A rate above 1 is a configuration error naming its key. */
    @Test
    void refusesARateAboveOne() {
        GatewayException error = assertThrows(GatewayException.class,
                () -> configured(Map.of("pmo.sandbox.failure-rate", "1.5")));

        assertEquals(ErrorCode.CONFIGURATION_INVALIDE, error.code());
        assertTrue(error.getMessage().contains("pmo.sandbox.failure-rate"));
    }

    /** An unknown failure form is a configuration error naming its key. */
    @Test
    void refusesAnUnknownFailureResponse() {
        GatewayException error = assertThrows(GatewayException.class,
                () -> configured(Map.of("pmo.sandbox.failure-response", "timeout")));

        assertTrue(error.getMessage().contains("pmo.sandbox.failure-response"));
    }

    /** A negative latency is a configuration error naming its key. */
    @Test
    void refusesANegativeLatency() {
        GatewayException error = assertThrows(GatewayException.class,
                () -> configured(Map.of("pmo.sandbox.latency-ms", "-1")));

        assertTrue(error.getMessage().contains("pmo.sandbox.latency-ms"));
    }

    /** A rate outside 0..1 given in code is the caller's mistake. */
    @Test
    void refusesANegativeRateInCode() {
        assertThrows(IllegalArgumentException.class, () -> new FailureSimulation(-0.1, 0, Duration.ZERO,
                FailureSimulation.Response.FAULT, new Random()));
    }

    /** The simulation described by the suggested defaults with {@code overrides} applied. */
    private static FailureSimulation configured(Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "pmo.sandbox.failure-rate", "0",
                "pmo.sandbox.lost-acknowledgement-rate", "0",
                "pmo.sandbox.failure-seed", "",
                "pmo.sandbox.outage", "false",
                "pmo.sandbox.failure-response", "fault",
                "pmo.sandbox.latency-ms", "0"));
        keys.putAll(overrides);
        return FailureSimulation.from(GatewayConfig.load(null, Map.of(), keys));
    }

    private static List<Boolean> refusals(FailureSimulation failures) {
        List<Boolean> refusals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            refusals.add(failures.refusesNextRequest());
        }
        return refusals;
    }
}
