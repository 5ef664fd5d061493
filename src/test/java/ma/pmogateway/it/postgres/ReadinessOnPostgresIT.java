package ma.pmogateway.it.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import ma.pmogateway.it.TestGateway;
import ma.pmogateway.it.TestPorts;
import ma.pmogateway.it.ops.AdminProbe;
import ma.pmogateway.journal.EmbeddedPostgresServer;

/**
 * /health/ready follows the journal's database: 200 while PostgreSQL answers, 503 naming the database
 * once it stops under the running gateway, 200 again when it returns on the same data and port, with
 * no restart of the gateway. The liveness probe stays 200 throughout (the process is fine).
 */
class ReadinessOnPostgresIT {

    @TempDir
    Path work;

    @Test
    void readyFollowsTheDatabaseDownAndBack() throws IOException {
        int port = TestPorts.free();
        Path pgData = work.resolve("pg");
        EmbeddedPostgres postgres = EmbeddedPostgresServer.startOn(pgData, port);
        TestGateway gateway = null;
        try {
            gateway = TestGateway.start(Map.of("database.url", postgres.getJdbcUrl(EmbeddedPostgresServer.USER, "postgres"),
                    "database.user", EmbeddedPostgresServer.USER, "database.connection-timeout-seconds", "1",
                    "health.interval-seconds", "1", "health.timeout-ms", "1000"));
            AdminProbe admin = new AdminProbe(gateway.adminAddress());
            assertEquals(200, admin.await("/health/ready", ready -> ready.status() == 200, Duration.ofSeconds(30))
                    .status());

            postgres.close();
            AdminProbe.Answer down = admin.await("/health/ready", ready -> ready.status() == 503, Duration.ofSeconds(60));
            assertAll(
                    () -> assertEquals(503, down.status(), down::toString),
                    () -> assertTrue(down.body().contains("\"database\":{\"status\":\"DOWN\""), down.body()),
                    () -> assertEquals(200, admin.get("/health/live").status()),
                    () -> assertEquals(0, AdminProbe.sum(admin.metrics(), "pmogateway_health_check",
                            "check=\"database\"")));

            postgres = EmbeddedPostgresServer.startOn(pgData, port);
            AdminProbe.Answer back = admin.await("/health/ready", ready -> ready.status() == 200, Duration.ofSeconds(60));
            assertAll(
                    () -> assertEquals(200, back.status(), back::toString),
                    () -> assertTrue(back.body().contains("\"database\":{\"status\":\"UP\""), back.body()));
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            postgres.close();
        }
    }
}
