package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.TestGateway;

/**
 * A signed message is accepted once. Sent again, while its Timestamp is still fresh, it is refused
 * with SECURITE_REFUSEE (not acknowledged as a retry), even after a restart, since the replay registry
 * is the journal's table; and the batch keeps its single ACCEPTE exchange. Each refusal is journaled
 * as REPLAY; an outage of the registry is the gateway's failure, not the sender's.
 */
class ReplayIT extends GatewayTest {

    private EnvoiFichesProjets envoi;
    private Document request;

    @BeforeEach
    void acceptOriginal() {
        envoi = casablancaFiches();
        request = request(envoi).build();
        assertAccepted(send(request), batchId(envoi));
    }

    /** Attack: the same bytes posted a second time. Expected: refused. */
    @Test
    void refusesSameBytesSentTwice() {
        assertReplayRefused(request);
    }

    /** Attack: the same bytes posted again after the gateway restarted (empty memory). Expected: refused. */
    @Test
    void refusesReplayAfterRestart() {
        gateway.restart();
        assertReplayRefused(request);
    }

    /**
     * Attack: the same bytes posted to a second gateway node sharing the journal database. Expected:
     * refused, since the replay registry is shared by the nodes.
     */
    @Test
    void refusesReplayOnAnotherNodeSharingTheJournal() {
        try (TestGateway otherNode = TestGateway.start(Map.of("data-dir", gateway.dataDir().toString()))) {
            SoapReply reply = RawSoapClient.post(otherNode.soap12Address(), request);
            assertRefused(reply, Reason.REPLAY);
        }
        assertEquals(List.of("ACCEPTE"), JournalTables.verdictsOfBatch(gateway, batchId(envoi)));
    }

    /**
     * Attack: the message replayed with different bytes, an unsigned header added, so that a cache of
     * message digests would miss it. Expected: refused: the replay identity is the signature.
     */
    @Test
    void refusesReplayWithUnsignedHeaderAdded() {
        Envelopes.header(request).appendChild(Envelopes.foreign(request, "Trace"));
        assertReplayRefused(request);
    }

    /**
     * Outage: the replay registry's table cannot be written (renamed away for the test). Expected: a
     * Receiver fault SERVICE_INDISPONIBLE (the sender should retry the same message later), not a
     * security refusal, journaled REJETE as UNAVAILABLE; the batch is not accepted.
     */
    @Test
    void reportsReplayRegistryOutageAsUnavailable() throws SQLException {
        EnvoiFichesProjets other = casablancaFiches();
        SoapReply reply;
        renameReplayTable("rejeu", "rejeu_hors_service");
        try {
            reply = send(request(other).build());
        } finally {
            renameReplayTable("rejeu_hors_service", "rejeu");
        }
        assertRefused(reply, Reason.UNAVAILABLE);
        assertTrue(reply.toString().contains(":Receiver"), reply::toString);
        assertNotAccepted(other);
    }

    private void renameReplayTable(String from, String to) throws SQLException {
        try (Connection connection = gateway.journalConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    private void assertReplayRefused(Document replay) {
        assertRefused(send(replay), Reason.REPLAY);
        assertEquals(List.of("ACCEPTE"), JournalTables.verdictsOfBatch(gateway, batchId(envoi)));
    }
}
