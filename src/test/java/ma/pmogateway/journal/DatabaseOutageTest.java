package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.it.TestPorts;

/**
 * A database that stops answering is the gateway's problem, not the caller's: a write is refused
 * SERVICE_INDISPONIBLE (a Receiver fault, retried later) once the connection timeout has passed, and
 * the journal works again by itself when the database comes back, without reopening it. On a
 * PostgreSQL server of its own, stopped and restarted on the same data directory and port.
 */
class DatabaseOutageTest {

    /** More than the pool's connections (database.pool-size, 8): each stale one fails at most once. */
    private static final int MAX_ATTEMPTS = 10;

    @TempDir
    Path dataDir;

    @Test
    void answersServiceUnavailableWhileTheDatabaseIsDownAndRecoversWhenItReturns() throws IOException {
        int port = TestPorts.free();
        Path pgData = dataDir.resolve("pg");
        EmbeddedPostgres postgres = EmbeddedPostgresServer.startOn(pgData, port);
        try (Database database = Database.open(GatewayConfig.load(null, Map.of(), Map.of(
                "data-dir", dataDir.toString(), "database.url", postgres.getJdbcUrl(EmbeddedPostgresServer.USER, "postgres"),
                "database.user", EmbeddedPostgresServer.USER, "database.connection-timeout-seconds", "1")))) {
            Journal journal = new Journal(database.groupCommit(), TestDatabase.VERSIONS);
            ReceivedRequest before = JournalOnEachDatabase.request();
            journal.recordRejected(before, "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "before");

            postgres.close();
            GatewayException refused = assertThrows(GatewayException.class, () -> journal.recordRejected(
                    JournalOnEachDatabase.request(), "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "during"));
            assertEquals(ErrorCode.SERVICE_INDISPONIBLE, refused.code(), refused::toString);

            postgres = EmbeddedPostgresServer.startOn(pgData, port);
            ReceivedRequest after = recordAsACallerRetrying(journal);
            assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(before.exchangeId()));
            assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(after.exchangeId()));
        } finally {
            postgres.close();
        }
    }

    /**
     * Records a refusal as a caller told SERVICE_INDISPONIBLE would: again, a bounded number of times.
     * A connection the pool opened before the outage may fail one more request before it is evicted.
     */
    private static ReceivedRequest recordAsACallerRetrying(Journal journal) {
        for (int attempt = 1; ; attempt++) {
            ReceivedRequest request = JournalOnEachDatabase.request();
            try {
                journal.recordRejected(request, "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "after");
                return request;
            } catch (GatewayException unavailable) {
                assertEquals(ErrorCode.SERVICE_INDISPONIBLE, unavailable.code(), unavailable::toString);
                if (attempt == MAX_ATTEMPTS) {
                    throw unavailable;
                }
            }
        }
    }
}
