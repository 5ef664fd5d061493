package ma.pmogateway.it.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.it.TestPorts;
import ma.pmogateway.journal.EmbeddedPostgresServer;

/**
 * The database stops under a running gateway, then comes back on the same files and port: meanwhile
 * every submission is answered SERVICE_INDISPONIBLE (a Receiver fault: "send it again later"), never a
 * security refusal, and promptly (the pool's acquisition timeout, database.connection-timeout-seconds,
 * not a hung request); nothing of those attempts is half-stored; when the database is back the
 * gateway serves again by itself, without a restart, and the batch retried is accepted once.
 */
class DatabaseOutageIT {

    private static final int ATTEMPTS_DURING_OUTAGE = 3;
    /** More than the pool's connections: each connection opened before the outage may fail once after it. */
    private static final int MAX_ATTEMPTS_AFTER = 12;

    @TempDir
    Path work;

    @Test
    void answersServiceUnavailableDuringAnOutageAndRecoversByItself() throws Exception {
        int port = TestPorts.free();
        Path pgData = work.resolve("pg");
        EmbeddedPostgres postgres = EmbeddedPostgresServer.startOn(pgData, port);
        TestGateway gateway = TestGateway.start(Map.of("database.url", postgres.getJdbcUrl("postgres", "postgres"),
                "database.user", "postgres", "database.password", "", "database.connection-timeout-seconds", "2"));
        try {
            SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-cs");
            String before = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml")).getIdentifiantEchange();

            postgres.close();
            EnvoiFichesProjets during = Payloads.fiches("01-vsb-hmr-casablanca.xml");
            List<Duration> answeredIn = new ArrayList<>();
            for (int attempt = 0; attempt < ATTEMPTS_DURING_OUTAGE; attempt++) {
                Instant sent = Instant.now();
                assertEquals("SERVICE_INDISPONIBLE", codeOfRefusal(client, during), "attempt " + attempt);
                answeredIn.add(Duration.between(sent, Instant.now()));
            }
            System.out.println("database outage: SERVICE_INDISPONIBLE answered in " + answeredIn);

            postgres = EmbeddedPostgresServer.startOn(pgData, port);
            String after = submitAsACallerRetrying(client, during);

            try (Connection connection = gateway.journalConnection()) {
                assertEquals(1, count(connection, "SELECT COUNT(*) FROM echange WHERE identifiant_envoi = ?",
                        during.getEnTete().getIdentifiantEnvoi()), "the batch retried is recorded once, accepted");
                assertEquals(1, count(connection, "SELECT COUNT(*) FROM outbox o JOIN echange e ON e.id = o.echange_id"
                        + " WHERE e.identifiant_envoi = ?", during.getEnTete().getIdentifiantEnvoi()),
                        "one outbox entry for it, nothing of the failed attempts");
                assertEquals(0, count(connection, "SELECT COUNT(*) FROM outbox o JOIN echange e ON e.id = o.echange_id"
                        + " WHERE e.verdict <> ?", "ACCEPTE"), "no outbox entry without an accepted exchange");
            }
            assertEquals(before, client.consulterEchange(before).getIdentifiantEchange());
            assertEquals(after, client.consulterEchange(after).getIdentifiantEchange());
            assertEquals(List.of(), gateway.chainBreaks(), "the hash chain is intact across the outage");
        } finally {
            gateway.close();
            postgres.close();
        }
    }

    /** Sends {@code batch} expecting a refusal and returns its code. */
    private static String codeOfRefusal(SuiviProjets client, EnvoiFichesProjets batch) {
        try {
            client.soumettreProjets(batch);
            return fail("acknowledged while the database is down");
        } catch (Erreur refused) {
            return refused.getFaultInfo().getCode();
        }
    }

    /** Sends {@code batch} again as a caller told SERVICE_INDISPONIBLE does, until acknowledged. */
    private static String submitAsACallerRetrying(SuiviProjets client, EnvoiFichesProjets batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.soumettreProjets(batch).getIdentifiantEchange();
            } catch (Erreur unavailable) {
                assertEquals("SERVICE_INDISPONIBLE", unavailable.getFaultInfo().getCode());
                assertTrue(attempt < MAX_ATTEMPTS_AFTER, "still refused after the database came back");
            }
        }
    }

    private static int count(Connection connection, String sql, String parameter) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
