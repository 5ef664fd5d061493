package ma.pmogateway.it.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.GatewayProcess;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestPorts;

/**
 * The embedded journal on the PostgreSQL server the gateway runs itself (database.embedded-engine=
 * postgresql), through the life of a real gateway JVM: the command line works on the journal while the
 * gateway runs; a SIGKILL leaves the server running, and the next start stops that orphan before it
 * starts its own on the same files, with nothing acknowledged lost; a clean stop stops the server
 * last; the server admits no connection without the password kept owner-only in the data directory.
 */
class EmbeddedPostgresJournalIT {

    @TempDir
    Path work;

    @Test
    void survivesAKillLeavingItsServerOrphanedAndServesTheCommandLineMeanwhile() throws Exception {
        int port = TestPorts.free();
        Path data = work.resolve("data");
        Path config = work.resolve("gateway.properties");
        Files.writeString(config, "server.port=" + port + "\ndata-dir=" + data + "\ndatabase.embedded-engine=postgresql\n");
        String address = "http://127.0.0.1:" + port + "/services/suivi-projets/v1";
        GatewayProcess gateway = new GatewayProcess(config, address, work.resolve("gateway.log")).startOrFail();
        SuiviProjets client = Clients.soap12(address, "ao-cs");
        String exchange = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml")).getIdentifiantEchange();

        GatewayProcess.CommandResult audit = gateway.run("audit", "verify");
        assertTrue(audit.output().contains("problems: 0"), "audit verify while the gateway runs: " + audit.output());
        GatewayProcess.CommandResult outbox = gateway.run("outbox", "list");
        assertEquals(0, outbox.exitCode(), outbox.output());

        ProcessHandle firstServer = postmaster(data).orElseThrow();
        gateway.kill();
        assertTrue(firstServer.isAlive(), "a SIGKILL of the gateway leaves its PostgreSQL running");

        gateway.startOrFail();
        assertFalse(firstServer.isAlive(), "the orphaned server was stopped before a new one started");
        ProcessHandle secondServer = postmaster(data).orElseThrow();
        assertEquals(exchange, client.consulterEchange(exchange).getIdentifiantEchange(), "nothing acknowledged lost");

        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(data.resolve("postgres.secret")));
        int serverPort = Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).strip());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + serverPort + "/journal", "postgres", "").close(),
                "no connection without the password");

        gateway.stop();
        assertFalse(secondServer.isAlive(), "a clean stop stops the server");
    }

    /** The live postmaster of the cluster under {@code data}, as its postmaster.pid names it. */
    private static Optional<ProcessHandle> postmaster(Path data) throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive);
    }
}
