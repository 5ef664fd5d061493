package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.ops.AdminProbe;

/**
 * The operator's surface of a running gateway, after real signed traffic delivered to its PMO sandbox:
 * /metrics parsed from the Prometheus text (requests by operation and outcome, every step's histogram,
 * deliveries, outbox, certificates and CRLs, JVM and Jetty), /health/live and /health/ready (the
 * maintenance file draining the node), and one structured log line per exchange.
 */
class OperatorSurfaceIT extends GatewayTest {

    @Override
    Map<String, String> overrides() {
        return Map.of("delivery.enabled", "true", "health.interval-seconds", "1");
    }

    @Test
    void scrapesTheMetricsOfRealTrafficAndLogsOneLinePerExchange() {
        AdminProbe admin = new AdminProbe(gateway.adminAddress());
        // WSS4J warns on every signature it checks without a subject-DN constraint; the gateway sets one.
        try (CapturedLog log = new CapturedLog("ma.pmogateway.exchange", Level.INFO);
                CapturedLog wss4jLog = new CapturedLog("org.apache.wss4j", Level.WARN)) {
            EnvoiFichesProjets accepted = casablancaFiches();
            assertAccepted(send(request(accepted).build()), batchId(accepted));
            SoapReply refused = assertRefused(send(request(casablancaFiches()).unsigned().build()), Reason.SIG_MISSING);

            AdminProbe.Answer delivered = admin.await("/metrics", answer -> AdminProbe.sum(AdminProbe.parse(answer.body()),
                    "pmogateway_deliveries_total", "outcome=\"delivered\"") >= 1, Duration.ofSeconds(60));
            Map<String, Double> metrics = AdminProbe.parse(delivered.body());
            assertAll(
                    () -> assertTrue(delivered.contentType().startsWith("text/plain"), delivered.contentType()),
                    () -> assertEquals(1, AdminProbe.sum(metrics, "pmogateway_requests_total",
                            "operation=\"SoumettreProjets\"", "outcome=\"OK\"")),
                    () -> assertEquals(1, AdminProbe.sum(metrics, "pmogateway_requests_total",
                            "outcome=\"SECURITE_REFUSEE\"")),
                    () -> assertTrue(AdminProbe.sum(metrics, "pmogateway_step_duration_seconds_count",
                            "step=\"security\"") >= 2, metrics::toString),
                    () -> {
                        for (String step : List.of("contract", "batch", "authorisation", "rules", "journal", "receipt",
                                "answer")) {
                            assertTrue(AdminProbe.sum(metrics, "pmogateway_step_duration_seconds_count",
                                    "step=\"" + step + "\"") >= 1, step);
                            assertTrue(AdminProbe.count(metrics, "pmogateway_step_duration_seconds_bucket") > 6, step);
                        }
                    },
                    () -> assertTrue(AdminProbe.sum(metrics, "pmogateway_deliveries_total", "outcome=\"delivered\"") >= 1),
                    () -> assertTrue(AdminProbe.sum(metrics, "pmogateway_delivery_duration_seconds_count") >= 1),
                    () -> assertEquals(1, AdminProbe.count(metrics, "pmogateway_outbox_undelivered")),
                    () -> assertEquals(0, AdminProbe.sum(metrics, "pmogateway_outbox_dead_letters")),
                    () -> assertTrue(AdminProbe.sum(metrics, "pmogateway_certificate_remaining_seconds",
                            "role=\"gateway\"") > 0),
                    () -> assertTrue(AdminProbe.count(metrics, "pmogateway_certificate_remaining_seconds") >= 3),
                    () -> assertTrue(AdminProbe.sum(metrics, "pmogateway_crl_next_update_remaining_seconds") > 0),
                    () -> assertTrue(AdminProbe.count(metrics, "jvm_memory_used_bytes") > 0),
                    () -> assertTrue(AdminProbe.count(metrics, "jetty_threads_current") > 0, metrics::toString),
                    () -> assertEquals(1, AdminProbe.sum(metrics, "pmogateway_ready")),
                    // No exchange id, batch id or project code is a label.
                    () -> assertTrue(metrics.keySet().stream().noneMatch(key -> key.contains(refused.correlationId())
                            || key.contains(batchId(accepted)) || key.contains("CS-")), metrics::toString));

            List<ILoggingEvent> lines = log.events();
            assertEquals(2, lines.size(), lines::toString);
            Map<String, Object> refusal = keyValues(lines.stream().filter(line -> refused.correlationId()
                    .equals(keyValues(line).get("exchange"))).findFirst().orElseThrow());
            assertAll(
                    () -> assertEquals("REFUSED", String.valueOf(refusal.get("verdict"))),
                    () -> assertEquals("SECURITE_REFUSEE", refusal.get("code")),
                    () -> assertEquals("SoumettreProjets", refusal.get("operation")),
                    () -> assertTrue((Long) refusal.get("request_bytes") > 0),
                    () -> assertTrue((Long) refusal.get("response_bytes") > 0),
                    () -> assertTrue(lines.stream().anyMatch(line -> "AO-CS".equals(keyValues(line).get("sender"))
                            && "OK".equals(keyValues(line).get("code")))),
                    () -> assertEquals(List.of(), wss4jLog.events().stream().map(ILoggingEvent::getFormattedMessage)
                            .filter(message -> message.contains("Subject DN")).toList()));
        }
    }

    @Test
    void answersLiveAndReadyAndDrainsTheNodeWhileTheMaintenanceFileExists() throws Exception {
        AdminProbe admin = new AdminProbe(gateway.adminAddress());
        assertEquals(new AdminProbe.Answer(200, "application/json", "{\"status\":\"UP\"}"), admin.get("/health/live"));
        AdminProbe.Answer ready = admin.await("/health/ready", answer -> answer.status() == 200, Duration.ofSeconds(30));
        assertAll(
                () -> assertEquals(200, ready.status(), ready::toString),
                () -> assertTrue(ready.body().contains("\"database\":{\"status\":\"UP\""), ready.body()),
                () -> assertTrue(ready.body().contains("\"crl\":{\"status\":\"UP\""), ready.body()),
                () -> assertTrue(ready.body().contains("\"signing-key\":{"), ready.body()),
                () -> assertTrue(ready.body().contains("\"outbox\":{"), ready.body()),
                () -> assertTrue(ready.body().contains("\"pmo\":{\"status\":\"UP\""), ready.body()));

        Files.createFile(gateway.maintenanceFile());
        try {
            AdminProbe.Answer draining = admin.get("/health/ready");
            assertEquals(503, draining.status(), draining::toString);
            assertTrue(draining.body().contains("\"maintenance\":true"), draining.body());
        } finally {
            Files.delete(gateway.maintenanceFile());
        }
        assertEquals(200, admin.get("/health/ready").status());
        assertEquals(404, admin.get("/nothing").status());
    }

    /** The events of one logger at {@code level}, into a list only (not the console), while open. */
    private static final class CapturedLog implements AutoCloseable {

        private final Logger logger;
        private final Level level;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        CapturedLog(String name, Level atLeast) {
            logger = (Logger) LoggerFactory.getLogger(name);
            level = logger.getLevel();
            appender.start();
            logger.setLevel(atLeast);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }

        List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(level);
        }
    }

    private static Map<String, Object> keyValues(ILoggingEvent event) {
        return event.getKeyValuePairs() == null ? Map.of() : event.getKeyValuePairs().stream()
                .collect(java.util.stream.Collectors.toMap(pair -> pair.key, pair -> pair.value));
    }

}
